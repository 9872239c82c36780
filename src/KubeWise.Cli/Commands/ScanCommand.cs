using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Scanning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli.Commands;

/// <summary>
/// <c>kubewise scan</c>: one read-only scan cycle against a Prometheus, training from history first when no model exists.
/// Exit 0 healthy, 3 anomalies found, 1 failure (Prometheus unreachable, invalid configuration), 2 usage errors.
/// </summary>
internal static partial class ScanCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var prometheus = new Option<string>("--prometheus") { Description = "Prometheus base URL, e.g. http://prometheus:9090 (default: PROMETHEUS_URL, Prometheus:Url)." };
        var namespaces = new Option<string[]>("--namespace") { Description = "Scan only this namespace (repeatable); nodes and the control plane are always scanned.", AllowMultipleArgumentsPerToken = false };
        var window = new Option<string>("--window") { Description = "Window judged per entity, e.g. 10m (default: Detection:MetricWindowSeconds)." };
        var lookback = new Option<string>("--lookback") { Description = "History read to train a missing model, e.g. 6h (default: Scan:LookbackSeconds)." };
        var at = new Option<string>("--at") { Description = "Evaluation time, ISO-8601 or unix seconds (default: now)." };
        var output = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var model = new Option<string>("--model") { Description = "Model file (default: Detection:ModelPath, the seed's ANOMALY_MODEL_PATH; unset: one folder per cluster in the user data directory); one file per entity type is kept beside it, and a model trained on another cluster is refused." };
        var explain = new ExplainOptions();

        var command = new Command("scan", "Scan a cluster's metrics once and list the anomalous entities with their evidence. Read-only.")
        {
            prometheus, namespaces, window, lookback, at, output, model,
        };
        foreach (var option in explain.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            new Arguments(
                parse.GetValue(prometheus),
                parse.GetValue(namespaces) ?? [],
                parse.GetValue(window),
                parse.GetValue(lookback),
                parse.GetValue(at),
                parse.GetValue(output) ?? "table",
                parse.GetValue(model)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken,
            explain.Read(parse)));
        return command;
    }

    private const string PrometheusSetting = "Prometheus:Url";

    /// <param name="Prometheus">The URL given with --prometheus; null takes PROMETHEUS_URL (Prometheus:Url) or its default.</param>
    internal sealed record Arguments(string? Prometheus, string[] Namespaces, string? Window, string? Lookback, string? At, string Output, string? Model);

    internal static async Task<int> RunAsync(Arguments args, TextWriter output, TextWriter error, CancellationToken cancellationToken, ExplainArguments? explain = null)
    {
        explain ??= new ExplainArguments(false, null, false, null, null, false);
        var explainValid = ExplainMode.Validate(explain, error);
        var overrides = new Dictionary<string, string?>();
        if (args.Prometheus is not null)
        {
            overrides[PrometheusSetting] = args.Prometheus;
        }

        if (args.Model is { Length: > 0 })
        {
            overrides["Detection:ModelPath"] = args.Model;
        }

        if (explainValid)
        {
            ExplainMode.AddOverrides(explain, overrides);
        }

        var configuration = CliHost.BuildConfiguration(overrides);
        var prometheus = configuration[PrometheusSetting] ?? new PrometheusOptions().Url;
        if (Validate(args, prometheus, error) is not { } request || !explainValid)
        {
            error.WriteLine("Run 'kubewise scan --help' for usage.");
            return ExitCodes.Usage;
        }

        ServiceProvider services;
        try
        {
            services = CliHost.BuildServices(configuration, explain.Enabled ? ExplainMode.ConfigureLogging : null,
                validateEverySetting: false);
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine("Invalid configuration:");
            foreach (var failure in ex.Failures)
            {
                error.WriteLine($"  - {failure}");
            }

            return ExitCodes.Failure;
        }

        await using (services.ConfigureAwait(false))
        {
            if (!ExplainMode.ClusterReady(services, explain, error))
            {
                return ExitCodes.Failure;
            }

            foreach (var rejected in services.GetRequiredService<QueryCatalog>().Rejected)
            {
                error.WriteLine($"warning: configured query {rejected}");
            }

            var progress = TerminalProgress.Start(error);
            ScanReport report;
            using (progress)
            {
                report = await services.GetRequiredService<ScanCycle>().RunAsync(request with { Progress = progress }, cancellationToken).ConfigureAwait(false);
            }

            if (!report.Succeeded)
            {
                error.WriteLine($"error: {report.Failure}");
                foreach (var item in report.Degraded)
                {
                    error.WriteLine($"  {item}");
                }

                return ExitCodes.Failure;
            }

            if (explain.Enabled)
            {
                return await ExplainMode.RunAsync(services, prometheus, args.Output, report, explain, output, error, cancellationToken).ConfigureAwait(false);
            }

            if (args.Output == "json")
            {
                output.WriteLine(JsonSerializer.Serialize(ToJson(prometheus, report), Json));
            }
            else
            {
                WriteTable(prometheus, report, output);
            }

            return report.Anomalies.Count > 0 ? ExitCodes.AnomaliesFound : ExitCodes.Ok;
        }
    }

    private static ScanRequest? Validate(Arguments args, string prometheus, TextWriter error)
    {
        var ok = true;
        if (!Uri.TryCreate(prometheus, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            var source = args.Prometheus is null ? $"PROMETHEUS_URL ({PrometheusSetting})" : "--prometheus";
            error.WriteLine($"{source}: '{prometheus}' is not an http(s) URL.");
            ok = false;
        }

        foreach (var ns in args.Namespaces.Where(n => !NamespaceName().IsMatch(n)))
        {
            error.WriteLine($"--namespace: '{ns}' is not a Kubernetes namespace name (lower-case letters, digits and '-', at most 63).");
            ok = false;
        }

        TimeSpan? window = null, lookback = null;
        DateTimeOffset? at = null;
        if (args.Window is not null && (window = ParseDuration(args.Window)) is null)
        {
            error.WriteLine($"--window: '{args.Window}' is not a duration such as 30s, 10m, 1h30m.");
            ok = false;
        }

        if (args.Lookback is not null && (lookback = ParseDuration(args.Lookback)) is null)
        {
            error.WriteLine($"--lookback: '{args.Lookback}' is not a duration such as 6h or 1d.");
            ok = false;
        }

        if (window is { } w && lookback is { } l && l <= w)
        {
            error.WriteLine($"--lookback ({args.Lookback}) must be longer than --window ({args.Window ?? "default"}).");
            ok = false;
        }

        if (args.At is not null && (at = ParseTime(args.At)) is null)
        {
            error.WriteLine($"--at: '{args.At}' is neither an ISO-8601 time (2025-06-02T10:00:00Z) nor unix seconds.");
            ok = false;
        }

        return ok ? new ScanRequest { At = at, Namespaces = [.. args.Namespaces.Distinct(StringComparer.Ordinal)], Window = window, Lookback = lookback } : null;
    }

    /// <summary>A Prometheus-style duration: <c>90s</c>, <c>10m</c>, <c>1h30m</c>, <c>2d</c>.</summary>
    internal static TimeSpan? ParseDuration(string text)
    {
        var match = Duration().Match(text.Trim());
        if (!match.Success || match.Value.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value.TrimStart("0123456789".ToCharArray());
            var amount = long.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => TimeSpan.FromDays(7 * amount),
            };
        }

        return total > TimeSpan.Zero ? total : null;
    }

    internal static DateTimeOffset? ParseTime(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
    }

    private static void WriteTable(string prometheus, ScanReport report, TextWriter output)
    {
        output.WriteLine($"Scanned {prometheus} at {report.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, window {Describe(report.Window)}: " +
                         $"{Words.Count(report.Entities.Count, "entity", "entities")}, {Words.Count(report.ActiveQueries.Count, "query", "queries")} run" +
                         $"{(report.InactiveQueries.Count == 0 ? "" : $" ({Words.Count(report.InactiveQueries.Count, "query", "queries")} skipped: their metrics are not in this Prometheus)")}, " +
                         $"{Words.Count(report.Requests, "request", "requests")}.");
        foreach (var model in report.Models)
        {
            output.WriteLine($"Model {EntityTypeNames.Of(model.EntityType)}: {model.Source.ToString().ToLowerInvariant()} ({model.Detail})");
        }

        foreach (var item in report.Degraded)
        {
            output.WriteLine($"Degraded: {item}");
        }

        var entities = report.AnomalousEntities;
        if (entities.Count == 0)
        {
            output.WriteLine($"No anomalies: all {Words.Count(report.Entities.Count, "entity", "entities")} look healthy.");
            return;
        }

        output.WriteLine($"{Words.Count(entities.Count, "anomalous entity", "anomalous entities")} ({Words.Count(report.Anomalies.Count, "finding", "findings")}):");
        var rows = entities.Select(e => new[]
        {
            e.Entity.TypeName,
            e.Entity.Namespace.Length == 0 ? "-" : e.Entity.Namespace,
            e.Entity.Name,
            e.Score.ToString("0.000", CultureInfo.InvariantCulture),
            e.Severity.Name(),
            string.Join(",", e.Detectors),
            e.Lead.TopEvidence.Description,
        }).ToList();
        string[] header = ["TYPE", "NAMESPACE", "NAME", "SCORE", "SEVERITY", "DETECTORS", "TOP EVIDENCE"];
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(Row(header, widths));
        rows.ForEach(r => output.WriteLine(Row(r, widths)));
    }

    private static string Row(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();

    private static string Describe(TimeSpan span) => span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{span.TotalMinutes:0}m" : $"{span.TotalSeconds:0}s";

    private static object ToJson(string prometheus, ScanReport report) => new
    {
        Prometheus = prometheus,
        At = report.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        WindowSeconds = (int)report.Window.TotalSeconds,
        Entities = report.Entities.Count,
        Requests = report.Requests,
        TrainingRequests = report.TrainingRequests,
        Anomalies = report.AnomalousEntities.Select(a => new
        {
            EntityType = a.Entity.TypeName,
            a.Entity.Namespace,
            a.Entity.Name,
            Entity = a.Entity.ToString(),
            Score = Finite(a.Score),
            Severity = a.Severity.Name(),
            Detector = a.Lead.Detector,
            a.Detectors,
            a.DuringRollout,
            DetectedAt = a.DetectedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Evidence = a.Evidence.Select(p => new
            {
                p.Detector,
                p.Evidence.Name,
                p.Evidence.Description,
                Value = Finite(p.Evidence.Value),
                Baseline = p.Evidence.Baseline is { } b ? Finite(b) : null,
                Deviation = p.Evidence.Deviation is { } d ? Finite(d) : null,
                Contribution = Finite(p.Evidence.Contribution),
            }),
        }),
        Suppressed = report.Suppressed.Select(s => new { Entity = s.Anomaly.Entity.ToString(), s.Anomaly.Detector, Score = Finite(s.Anomaly.Score), s.Reason }),
        Models = report.Models.Select(m => new { EntityType = EntityTypeNames.Of(m.EntityType), Source = m.Source.ToString().ToLowerInvariant(), m.Detail }),
        Queries = new
        {
            Active = report.ActiveQueries.Select(q => new { q.Id, Origin = q.Origin.ToString() }),
            Inactive = report.InactiveQueries.Select(q => new { q.Query.Id, q.MissingMetrics }),
        },
        report.Degraded,
    };

    // JSON has no NaN or infinity; a value that is not a number is absent.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceName();

    [GeneratedRegex("^(?<part>[0-9]+(?:ms|s|m|h|d|w))+$")]
    private static partial Regex Duration();
}
