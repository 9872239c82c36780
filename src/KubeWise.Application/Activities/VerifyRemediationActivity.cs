using KubeWise.Core.Telemetry;
using KubeWise.Core.Analysis;
using KubeWise.Core.Events;
using KubeWise.Core.Investigation;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Scanning;
using Microsoft.DurableTask;
using AnalysisSnapshot = KubeWise.Core.Analysis.MetricSnapshot;
using EventVerification = KubeWise.Core.Events.VerificationResult;

namespace KubeWise.Application.Activities;

/// <summary>
/// Judges the fix on fresh metrics: the scan cycle looks at the entity's namespace again with the same detectors and
/// model. Only what happened after the fix counts: facts (restarts, OOM kills, replica counts) are read from samples at
/// or after the fix time, so the restarts and terminations that caused the incident do not fail its verification.
/// Still flagged for the same kind: not resolved (the verifier, Gemini or rules, explains from the before and after
/// values). Judged and no longer flagged: resolved. No sample of the entity since the fix: not resolved, since
/// recovery cannot be shown. The verdict is recorded on the event.
/// </summary>
public sealed class VerifyRemediationActivity(IEventStore store, ScanCycle scan, IRemediationVerifier verifier, RemediationCatalog catalog, MetricsSnapshotReader metrics, TimeProvider time)
    : TaskActivity<VerifyRemediation, VerificationStep>
{
    public override async Task<VerificationStep> RunAsync(TaskActivityContext context, VerifyRemediation input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = KubeWiseTelemetry.Start("kubewise.verify");
        span?.SetTag("kubewise.anomaly_id", input.AnomalyId);
        var anomaly = await EventAccess.GetAsync(store, input.AnomalyId).ConfigureAwait(false);
        var report = await scan.RunAsync(new ScanRequest
        {
            Namespaces = string.IsNullOrEmpty(anomaly.Namespace) ? [] : [anomaly.Namespace],
            TrainMissingModels = false,
            Since = new DateTimeOffset(DateTime.SpecifyKind(input.RemediatedAt, DateTimeKind.Utc)),
        }).ConfigureAwait(false);
        if (!report.Succeeded)
        {
            throw new TransientStepException($"The verification scan could not judge anything: {report.Failure}");
        }

        var entity = anomaly.Entity;
        var kind = anomaly.Evidence.FirstOrDefault()?.Detector;
        var findings = report.Anomalies.Where(a => a.Entity == entity).ToList();
        var still = findings.Where(a => a.Detector == kind).ToList();
        var judged = report.Entities.Contains(entity);

        var (step, call) = !judged
            ? (new VerificationStep(false, $"Not enough data: {entity} had no metrics since the fix at {input.RemediatedAt:u}, so recovery cannot be shown.", "rescan"), null)
            : still.Count == 0
                ? (new VerificationStep(true, $"{entity} is no longer flagged by {kind ?? "the detectors"} after {string.Join(", ", input.Executed)}.", "rescan"), null)
                : await ExplainAsync(anomaly, findings, input).ConfigureAwait(false);

        var scoreAfter = still.Count > 0 ? still.Min(a => a.Score) : (double?)null;

        // The window the verdict was judged on, kept with the event (the metrics reader never throws for Prometheus).
        var snapshot = await metrics.ReadAsync(string.IsNullOrEmpty(anomaly.Namespace) ? [] : [anomaly.Namespace], report.At).ConfigureAwait(false);
        var window = SeriesCapture.Window(snapshot, entity, anomaly.Evidence);
        await EventAccess.ApplyAsync(store, input.AnomalyId, current => new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Verification = new EventVerification
            {
                VerifiedAt = time.GetUtcNow(),
                Success = step.Resolved,
                Method = step.Method,
                Summary = step.Summary,
                AnomalyScoreAfter = scoreAfter,
            },
            VerificationSeries = window,
            AddModelExchanges = call?.Exchanges,
        }).ConfigureAwait(false);
        KubeWiseTelemetry.Verification(step.Resolved, step.Method);
        span?.SetTag("kubewise.resolved", step.Resolved);
        return step;
    }

    private async Task<(VerificationStep Step, Core.Analysis.Llm.LlmCall? Call)> ExplainAsync(AnomalyEvent anomaly, List<Core.Detection.Anomaly> findings, VerifyRemediation input)
    {
        var before = new AnalysisSnapshot(anomaly.DetectionTimestamp, anomaly.Evidence
            .GroupBy(e => e.FeatureName).ToDictionary(g => g.Key, g => g.First().Value ?? 0));
        var after = new AnalysisSnapshot(time.GetUtcNow(), findings.SelectMany(f => f.Evidence)
            .GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Value));
        var verdict = await verifier.VerifyAsync(new VerificationRequest(
            IncidentBriefing.Input(anomaly),
            new EntityFacts(Baseline: IncidentBriefing.Baseline(anomaly.Evidence)),
            before,
            after,
            IncidentBriefing.Executed(anomaly, input.Executed, catalog),
            anomaly.Analyzer?.TotalTokens ?? 0), CancellationToken.None).ConfigureAwait(false);
        KubeWiseTelemetry.ModelAnswer("verification", verdict.Backend, verdict.Usage, fallback: null);

        // The detectors still fire: whatever the verifier's reading, the incident is not over.
        return (new VerificationStep(false, $"Still anomalous after the fix. {verdict.Reasoning}", verdict.Backend.ToString().ToLowerInvariant()), verdict.Call);
    }
}
