using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Configuration;
using KubeWise.Core.Detection;
using KubeWise.Core.Events;
using KubeWise.Core.Incidents;
using KubeWise.Core.Investigation;
using KubeWise.Core.Scanning;
using KubeWise.Core.Telemetry;
using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Workflows;

/// <summary>What one timer tick did.</summary>
/// <param name="Ran">False when the tick was skipped (<c>WORKER_SLEEP_INTERVAL_SECONDS</c> has not passed).</param>
/// <param name="Started">Orchestration instance ids started by this tick.</param>
public sealed record TickResult(bool Ran, ScanReport? Report, IncidentDecisions? Decisions, IReadOnlyList<string> Started);

/// <summary>
/// The timer's work: bring accepted AI queries into the catalog, run the scan cycle (which trains a missing model from
/// history), feed its findings to the incident tracker, and start one <see cref="RemediationOrchestrator"/> per new
/// incident under its deterministic instance id. The book is saved before anything starts and again after, so a store that is down for one cycle loses nothing and
/// an incident is never started twice (an existing instance id is left alone).
/// </summary>
public sealed class ScanWorkflow(
    ScanCycle scan,
    IncidentTracker tracker,
    IncidentBookStore books,
    IEventStore events,
    ProposedQuerySync aiQueries,
    MetricsSnapshotReader metrics,
    DecisionReconciler reconciler,
    StoreOutageRecovery recovery,
    IOptionsMonitor<WorkerOptions> worker,
    IOptionsMonitor<RemediationWorkflowOptions> workflow,
    TimeProvider time,
    ILogger<ScanWorkflow> logger)
{
    public async Task<TickResult> TickAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var book = await books.LoadAsync(ct).ConfigureAwait(false);
        var interval = TimeSpan.FromSeconds(worker.CurrentValue.SleepIntervalSeconds);
        if (!CycleGate.ShouldRun(book.LastSuccessfulCycle, time.GetUtcNow(), interval))
        {
            return new TickResult(false, null, null, []);
        }

        using var span = KubeWiseTelemetry.Start("kubewise.scan");
        await RestartAfterOutageAsync(client, ct).ConfigureAwait(false);
        await ReconcileDecisionsAsync(client, ct).ConfigureAwait(false);
        await SyncAiQueriesAsync(ct).ConfigureAwait(false);
        var scanStarted = time.GetTimestamp();
        var report = await scan.RunAsync(new ScanRequest(), ct).ConfigureAwait(false);
        KubeWiseTelemetry.ScanCompleted(report.Succeeded, time.GetElapsedTime(scanStarted), report.Entities.Count, report.Anomalies.Select(a => a.Detector));
        span?.SetTag("kubewise.entities", report.Entities.Count).SetTag("kubewise.anomalies", report.Anomalies.Count);
        if (!report.Succeeded)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, report.Failure);
            ScheduledWorkLog.CycleFailed(logger, report.Failure!);
            return new TickResult(true, report, null, []);
        }

        var decisions = tracker.Apply(book, Observe(report));
        book = decisions.Book;
        await books.SaveAsync(book, ct).ConfigureAwait(false);

        var started = new List<string>();
        foreach (var incident in decisions.ToStart)
        {
            if (await StartAsync(client, incident, report, ct).ConfigureAwait(false))
            {
                started.Add(incident.InstanceId!);
                KubeWiseTelemetry.IncidentOpened(incident.Kind);
            }

            book = book.MarkStarted(incident.Key);
        }

        if (decisions.ToStart.Count > 0)
        {
            await books.SaveAsync(book, ct).ConfigureAwait(false);
        }

        foreach (var closed in decisions.Closed)
        {
            KubeWiseTelemetry.IncidentClosed(closed.Kind);
        }

        await RecordEventCountsAsync(ct).ConfigureAwait(false);
        ScheduledWorkLog.CycleDone(logger, report.Entities.Count, report.Anomalies.Count, decisions.Pending.Count, decisions.Attached.Count, started.Count, decisions.Closed.Count);
        return new TickResult(true, report, decisions with { Book = book }, started);
    }

    /// <summary>
    /// The store's events per status for the <c>kubewise_events</c> gauge. Only the instance that runs the scan records it
    /// (the timer runs on one instance, <c>kubewise run</c> holds the scan lease), so replicas do not multiply it.
    /// </summary>
    private async Task RecordEventCountsAsync(CancellationToken ct)
    {
        try
        {
            var counts = new Dictionary<AnomalyStatus, long>();
            foreach (var status in Enum.GetValues<AnomalyStatus>())
            {
                var page = await events.ListAsync(new EventQuery { Statuses = [status], Limit = 1 }, ct).ConfigureAwait(false);
                counts[status] = page.Total;
            }

            KubeWiseTelemetry.EventCounts(counts);
        }
        catch (EventStoreException e)
        {
            ScheduledWorkLog.EventCountsFailed(logger, e.Message);
        }
    }

    /// <summary>The store answered this tick (the book was read): orchestrations that gave up during an outage start again.</summary>
    private async Task RestartAfterOutageAsync(DurableTaskClient client, CancellationToken ct)
    {
        try
        {
            await recovery.RestartAsync(client, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ScheduledWorkLog.RestartFailed(logger, e.Message);
        }
    }

    /// <summary>Decisions the event records but its waiting orchestration never received are raised again.</summary>
    private async Task ReconcileDecisionsAsync(DurableTaskClient client, CancellationToken ct)
    {
        try
        {
            await reconciler.ReconcileAsync(client, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            ScheduledWorkLog.ReconcileFailed(logger, e.Message);
        }
    }

    /// <summary>Accepted AI queries (from any replica's round, or from before a restart) join the catalog before the scan runs.</summary>
    private async Task SyncAiQueriesAsync(CancellationToken ct)
    {
        try
        {
            await aiQueries.SyncAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EventStoreException or System.Text.Json.JsonException)
        {
            ScheduledWorkLog.AiQuerySyncFailed(logger, e.Message);
        }
    }

    /// <summary>Findings made mid-rollout are the rollout itself, not an incident.</summary>
    public static CycleObservation Observe(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new CycleObservation(
            report.At,
            report.Entities,
            [.. report.Anomalies.Where(a => !a.DuringRollout).Select(a => new IncidentSignal(a.Entity, a.Detector, a.Score))]);
    }

    private async Task<bool> StartAsync(DurableTaskClient client, IncidentEntry incident, ScanReport report, CancellationToken ct)
    {
        var instanceId = incident.InstanceId!;
        var findings = FindingsOf(incident, report);
        if (findings.Count > 0)
        {
            var anomaly = ToEvent(incident, findings);
            await events.CreateAsync(anomaly with { Series = await SeriesAsync(anomaly, report, ct).ConfigureAwait(false) }, ct).ConfigureAwait(false);
        }
        else if (await events.GetAsync(incident.AnomalyId!, ct).ConfigureAwait(false) is null)
        {
            // Opened in an earlier cycle whose start failed, and not seen this cycle: nothing to record it from yet.
            return false;
        }

        if (await client.GetInstanceAsync(instanceId, ct).ConfigureAwait(false) is not null)
        {
            ScheduledWorkLog.AlreadyStarted(logger, instanceId);
            return false;
        }

        var input = new RemediationInput(incident.AnomalyId!, incident.Key, workflow.CurrentValue.ToTimings());
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(RemediationOrchestrator), input,
            new StartOrchestrationOptions(instanceId), ct).ConfigureAwait(false);
        ScheduledWorkLog.Started(logger, instanceId, incident.Key, incident.AnomalyId!);
        return true;
    }

    /// <summary>
    /// The detection window behind the finding, read over the window the cycle judged (the metrics reader lists failed
    /// queries instead of throwing), so the event keeps what KubeWise saw after Prometheus' retention drops it.
    /// </summary>
    private async Task<EventSeries> SeriesAsync(AnomalyEvent anomaly, ScanReport report, CancellationToken ct)
    {
        var snapshot = await metrics.ReadAsync(string.IsNullOrEmpty(anomaly.Namespace) ? [] : [anomaly.Namespace], report.At, ct).ConfigureAwait(false);
        return new EventSeries { Detection = SeriesCapture.Window(snapshot, anomaly.Entity, anomaly.Evidence) };
    }

    /// <summary>This cycle's findings of the incident's family on its entity, the most specific detector first (see <see cref="IncidentFamily.Precedence"/>).</summary>
    public static IReadOnlyList<Anomaly> FindingsOf(IncidentEntry incident, ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Anomalies
            .Where(a => a.Entity == incident.Entity && IncidentFamily.Of(a.Detector) == incident.Kind)
            .OrderBy(a => IncidentFamily.Precedence(a.Detector))
            .ThenBy(a => a.Score)];
    }

    public static AnomalyEvent ToEvent(IncidentEntry incident, Anomaly anomaly) => ToEvent(incident, [anomaly]);

    /// <summary>
    /// The incident's event from its family's findings: the first one leads (entity, score, time, and the first
    /// evidence, which tells analysis the detector); the others' evidence follows, so the event shows every detector
    /// that saw the problem when it opened.
    /// </summary>
    public static AnomalyEvent ToEvent(IncidentEntry incident, IReadOnlyList<Anomaly> findings)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(findings);
        var anomaly = findings.Count > 0 ? findings[0] : throw new ArgumentException("An incident's event needs at least one finding.", nameof(findings));
        return new AnomalyEvent
        {
            AnomalyId = incident.AnomalyId!,
            DetectionTimestamp = anomaly.DetectedAt,
            EntityId = anomaly.Entity.Name,
            EntityType = anomaly.Entity.TypeName,
            Namespace = anomaly.Entity.NamespaceOrNull,
            AnomalyScore = anomaly.Score,
            Evidence = IncidentBriefing.Evidence(findings),
            OrchestrationInstanceId = incident.InstanceId,
        };
    }
}
