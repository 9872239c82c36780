using System.Globalization;
using System.Text.Json;
using KubeWise.Core.Detection;
using KubeWise.Core.Analysis;
using KubeWise.Core.Explain;

namespace KubeWise.Cli.Commands;

/// <summary>
/// The JSON form of an <see cref="ExplainReport"/>. Its shape is a contract (docs/detection.md, "JSON output"):
/// keys are snake_case, always present (null when unknown), and new keys are only ever added.
/// </summary>
internal static class ExplainJson
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Write(string prometheus, ExplainReport report) => JsonSerializer.Serialize(Document(prometheus, report), Options);

    private static object Document(string prometheus, ExplainReport report) => new
    {
        Prometheus = prometheus,
        At = Time(report.Scan.At),
        WindowSeconds = (int)report.Scan.Window.TotalSeconds,
        Entities = report.Scan.Entities.Count,
        Cluster = new { report.Cluster.Connected, report.Cluster.Description },
        Anomalies = report.Incidents.Select(WithPrompt),
        Tokens = Tokens(report.Usage),
        report.Scan.Degraded,
    };

    // With --show-prompt each anomaly also carries the request that would have been sent, exactly: url and body.
    private static object WithPrompt(IncidentExplanation incident)
    {
        if (incident.Prompt is not { } prompt)
        {
            return Incident(incident);
        }

        var node = JsonSerializer.SerializeToNode(Incident(incident), Options)!.AsObject();
        node["prompt"] = JsonSerializer.SerializeToNode(new { prompt.Provider, prompt.Model, prompt.Url, prompt.Body }, Options);
        return node;
    }

    private static object Incident(IncidentExplanation incident)
    {
        var (finding, analysis) = (incident.Finding, incident.Analysis);
        return new
        {
            incident.AnomalyId,
            EntityType = finding.Entity.TypeName,
            finding.Entity.Namespace,
            finding.Entity.Name,
            Entity = finding.Entity.ToString(),
            Detector = finding.Lead.Detector,
            finding.Detectors,
            Score = Finite(finding.Score),
            Severity = finding.Severity.Name(),
            DetectedAt = Time(finding.DetectedAt),
            Evidence = finding.Evidence.Select(p => new
            {
                p.Detector,
                p.Evidence.Name,
                p.Evidence.Description,
                Value = Finite(p.Evidence.Value),
                Baseline = p.Evidence.Baseline is { } b ? Finite(b) : null,
                Contribution = Finite(p.Evidence.Contribution),
            }),
            Analysis = new
            {
                Analyzer = analysis.Backend.ToString().ToLowerInvariant(),
                analysis.Model,
                analysis.FallbackReason,
                analysis.RootCause,
                Severity = analysis.Severity.ToString().ToUpperInvariant(),
                analysis.Description,
                Confidence = Finite(analysis.Confidence),
                analysis.Suggestions,
                Tokens = Tokens(analysis.Usage),
            },
            Facts = new { incident.Provisional, Note = incident.FactsNote },
            Plan = incident.Plan.Select(s => new
            {
                s.Command,
                s.Operation,
                s.Verdict,
                s.Provisional,
                s.Reason,
                s.Rationale,
                Change = s.Change is { } c ? new { c.Target, c.Summary, c.Fields, c.Reversible } : null,
                DryRun = s.DryRun is { } d ? new { d.Outcome, d.Message, d.Notes } : null,
            }),
        };
    }

    private static object Tokens(TokenUsage usage) => new { Prompt = usage.PromptTokens, Answer = usage.CandidatesTokens, Total = usage.TotalTokens };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    // JSON has no NaN or infinity; a value that is not a number is absent.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
