using System.Diagnostics;
using System.Diagnostics.Metrics;
using KubeWise.Core.Analysis;
using KubeWise.Core.Events;

namespace KubeWise.Core.Telemetry;

/// <summary>
/// KubeWise's own metrics and traces: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <see cref="Name"/>, which the hosts hand to OpenTelemetry (a Prometheus scrape endpoint in <c>kubewise run</c>, OTLP
/// wherever an endpoint is configured). Instruments are recorded by activities, the scan workflow, the stores and the
/// clients — never by orchestrator code, whose replays would count the same step again. The metric names and labels are
/// listed in <c>docs/telemetry.md</c>; the names here are OpenTelemetry's (dots), Prometheus shows them with underscores,
/// a <c>_total</c> suffix on counters and a unit suffix (<c>_seconds</c>).
/// </summary>
public static class KubeWiseTelemetry
{
    public const string Name = "KubeWise";

    public static readonly ActivitySource Tracing = new(Name, typeof(KubeWiseTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Meter Meter = new(Name, typeof(KubeWiseTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Scans = Meter.CreateCounter<long>("kubewise.scans", "{scan}", "Scan cycles run, by outcome (succeeded, failed).");
    private static readonly Histogram<double> ScanDuration = Meter.CreateHistogram<double>("kubewise.scan.duration", "s", "Wall time of a scan cycle.");
    private static readonly Gauge<long> ScanEntities = Meter.CreateGauge<long>("kubewise.scan.entities", "{entity}", "Entities the last scan cycle judged.");
    private static readonly Counter<long> Anomalies = Meter.CreateCounter<long>("kubewise.scan.anomalies", "{finding}", "Findings of scan cycles, by detector.");
    private static readonly Counter<long> PrometheusErrors = Meter.CreateCounter<long>("kubewise.prometheus.errors", "{error}", "Prometheus calls that failed after their retries, by error type.");
    private static readonly Counter<long> IncidentsOpened = Meter.CreateCounter<long>("kubewise.incidents.opened", "{incident}", "Incidents opened (an orchestration started), by family.");
    private static readonly Counter<long> IncidentsClosed = Meter.CreateCounter<long>("kubewise.incidents.closed", "{incident}", "Incidents whose entity stopped being flagged, by family.");
    private static readonly Gauge<long> EventsByStatus = Meter.CreateGauge<long>("kubewise.events", "{event}", "Events in the store by status, read by the instance that ran the last scan.");
    private static readonly Counter<long> Remediations = Meter.CreateCounter<long>("kubewise.remediations", "{command}", "Remediation commands executed, by operation and outcome.");
    private static readonly Counter<long> Verifications = Meter.CreateCounter<long>("kubewise.verifications", "{verification}", "Fixes verified, by result (resolved, not_resolved).");
    private static readonly Counter<long> Rollbacks = Meter.CreateCounter<long>("kubewise.rollbacks", "{rollback}", "Rollbacks of fixes that did not help, by outcome.");
    private static readonly Counter<long> ModelCalls = Meter.CreateCounter<long>("kubewise.model.calls", "{call}", "Analyses and verifications, by purpose and the analyzer that answered (gemini, rules).");
    private static readonly Counter<long> ModelTokens = Meter.CreateCounter<long>("kubewise.model.tokens", "{token}", "Model tokens used, by kind (prompt, completion).");
    private static readonly Counter<long> Fallbacks = Meter.CreateCounter<long>("kubewise.model.fallbacks", "{answer}", "Answers the rule analyzer gave instead of the model, by reason.");
    private static readonly Counter<long> StoreErrors = Meter.CreateCounter<long>("kubewise.store.errors", "{error}", "Event store calls that could not reach the store, by backend.");
    private static readonly Histogram<double> ApprovalWait = Meter.CreateHistogram<double>("kubewise.approval.wait", "s", "Time from AwaitingApproval to a person's decision, by decision.");

    public static void ScanCompleted(bool succeeded, TimeSpan elapsed, int entities, IEnumerable<string> detectors)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        var outcome = new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed");
        Scans.Add(1, outcome);
        ScanDuration.Record(elapsed.TotalSeconds, outcome);
        if (!succeeded)
        {
            return;
        }

        ScanEntities.Record(entities);
        foreach (var group in detectors.GroupBy(d => d, StringComparer.Ordinal))
        {
            Anomalies.Add(group.Count(), new KeyValuePair<string, object?>("detector", group.Key));
        }
    }

    public static void PrometheusError(string errorType) => PrometheusErrors.Add(1, new KeyValuePair<string, object?>("type", errorType));

    public static void IncidentOpened(string family) => IncidentsOpened.Add(1, new KeyValuePair<string, object?>("family", family));

    public static void IncidentClosed(string family) => IncidentsClosed.Add(1, new KeyValuePair<string, object?>("family", family));

    /// <summary>The store's events per status; every status is recorded, zero included, so a series drops to 0 rather than going stale.</summary>
    public static void EventCounts(IReadOnlyDictionary<AnomalyStatus, long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        foreach (var status in Enum.GetValues<AnomalyStatus>())
        {
            EventsByStatus.Record(counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }

    public static void Remediation(string operation, string outcome) =>
        Remediations.Add(1, new("operation", operation), new("outcome", outcome));

    public static void Verification(bool resolved, string method) =>
        Verifications.Add(1, new("result", resolved ? "resolved" : "not_resolved"), new("method", method));

    public static void Rollback(string outcome) => Rollbacks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>One answer of the analyzer chain: which backend answered, its tokens, and why the rules answered when they did.</summary>
    public static void ModelAnswer(string purpose, AnalysisBackend backend, TokenUsage usage, FallbackCause? fallback)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ModelCalls.Add(1, new("purpose", purpose), new("analyzer", backend.ToString().ToLowerInvariant()));
        if (usage.PromptTokens > 0)
        {
            ModelTokens.Add(usage.PromptTokens, new KeyValuePair<string, object?>("kind", "prompt"));
        }

        if (usage.CandidatesTokens > 0)
        {
            ModelTokens.Add(usage.CandidatesTokens, new KeyValuePair<string, object?>("kind", "completion"));
        }

        if (fallback is { } cause)
        {
            Fallbacks.Add(1, new("purpose", purpose), new("reason", Snake(cause.ToString())));
        }
    }

    public static void StoreError(string backend) => StoreErrors.Add(1, new KeyValuePair<string, object?>("backend", backend));

    /// <summary>A person's decision on <paramref name="waiting"/> (the event as it waited), recorded at <paramref name="at"/>.</summary>
    public static void Decision(bool approved, AnomalyEvent waiting, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(waiting);
        if (waiting.AuditTrail.LastOrDefault(e => e.ToStatus == AnomalyStatus.AwaitingApproval) is { } asked)
        {
            Decision(approved, at - asked.At);
        }
    }

    private static void Decision(bool approved, TimeSpan waited) =>
        ApprovalWait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("decision", approved ? "approved" : "rejected"));

    /// <summary>Starts a span of KubeWise's own work (null when nobody listens).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Tracing.StartActivity(name, kind);

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
