using KubeWise.Core.Telemetry;
using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using Microsoft.DurableTask;

namespace KubeWise.Application.Activities;

/// <summary>
/// Restores exactly the fields the applied steps changed, last step first, and records the outcome on the event:
/// <c>performed</c> when every reversible change was restored, <c>not_reversible</c> when nothing could be undone
/// (restarts), <c>failed</c> when a restore failed or someone else changed the fields since.
/// </summary>
public sealed class RollbackRemediationActivity(IEventStore store, RemediationCatalog catalog, RemediationExecutor executor, TimeProvider time)
    : TaskActivity<RollBackRemediation, RollbackStep>
{
    public override async Task<RollbackStep> RunAsync(TaskActivityContext context, RollBackRemediation input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = KubeWiseTelemetry.Start("kubewise.rollback");
        span?.SetTag("kubewise.anomaly_id", input.AnomalyId);
        var step = input.GaveUp is { } gaveUp
            ? await GiveUpAsync(input, gaveUp).ConfigureAwait(false)
            : await RollBackAsync(input).ConfigureAwait(false);
        KubeWiseTelemetry.Rollback(step.Outcome);
        span?.SetTag("kubewise.outcome", step.Outcome);
        return step;
    }

    private async Task<RollbackStep> RollBackAsync(RollBackRemediation input)
    {

        var results = new List<RollbackResult>();
        foreach (var executed in input.Applied.Reverse())
        {
            var parsed = catalog.Parse(executed.Command);
            if (!parsed.Succeeded)
            {
                throw new InvalidOperationException($"{executed.Command} does not parse: {parsed.Error.Reason}");
            }

            var result = await executor.RollbackAsync(parsed.Command, executed).ConfigureAwait(false);
            // Every attempt is on the record as it happens, the failed ones too.
            await NoteAsync(input.AnomalyId, "rollback attempt", $"{executed.Command}: {result.Status} ({result.Message})").ConfigureAwait(false);
            if (result.Status == RollbackStatus.Failed && result.Error is { Code: 0 or 409 or 429 or >= 500 })
            {
                // Steps already restored carry their rolled-back marker, so the retry skips them.
                throw new TransientStepException($"Rolling back {executed.Command} failed and may succeed on a retry: {result.Message}");
            }

            results.Add(result);
        }

        var outcome = Outcome(results);
        var detail = string.Join(" ", results.Select(r => $"{r.Target}: {r.Status} ({r.Message})"));
        await EventAccess.ApplyAsync(store, input.AnomalyId, current => current.Rollback is not null ? null : new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Comment = input.Reason,
            Rollback = new RollbackRecord { Outcome = outcome, At = time.GetUtcNow(), Detail = detail },
        }).ConfigureAwait(false);
        return new RollbackStep(outcome switch
        {
            RollbackOutcome.Performed => "performed",
            RollbackOutcome.NotReversible => "not_reversible",
            _ => "failed",
        }, detail);
    }

    /// <summary>
    /// The rollback failed for good: what KubeWise wrote stays in place. The event says so, with the values and what a
    /// person must do, and each object gets a Warning Event. Nothing is sent to restore anything.
    /// </summary>
    private async Task<RollbackStep> GiveUpAsync(RollBackRemediation input, string gaveUp)
    {
        var notes = new List<string>();
        foreach (var executed in input.Applied.Reverse())
        {
            var parsed = catalog.Parse(executed.Command);
            if (parsed.Succeeded && await executor.RecordRollbackFailedAsync(parsed.Command, executed, gaveUp).ConfigureAwait(false) is { } problem)
            {
                notes.Add($"{executed.Command}: {problem}");
            }
        }

        var left = string.Join("; ", input.Applied.Select(a =>
            $"{a.Command} ({string.Join(", ", a.After.Select(f => $"{f.Path}={f.Json ?? "unset"}"))}; before: {string.Join(", ", a.Before.Select(f => $"{f.Path}={f.Json ?? "unset"}"))})"));
        var detail = $"The rollback could not be completed: {gaveUp}. Left in place: {left}. A person must check these objects and restore the " +
                     $"values from before by hand if the fix is still unwanted.{(notes.Count == 0 ? "" : " " + string.Join(" ", notes))}";
        await EventAccess.ApplyAsync(store, input.AnomalyId, current => current.Rollback is not null ? null : new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Comment = input.Reason,
            Rollback = new RollbackRecord { Outcome = RollbackOutcome.Failed, At = time.GetUtcNow(), Detail = detail },
        }).ConfigureAwait(false);
        return new RollbackStep("failed", detail);
    }

    private Task NoteAsync(string anomalyId, string note, string comment) =>
        EventAccess.ApplyAsync(store, anomalyId, current => new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Note = note,
            Comment = comment,
        });

    private static RollbackOutcome Outcome(List<RollbackResult> results)
    {
        if (results.Exists(r => r.Status is RollbackStatus.Failed or RollbackStatus.LeftAlone))
        {
            return RollbackOutcome.Failed;
        }

        return results.Exists(r => r.Status is RollbackStatus.RolledBack or RollbackStatus.AlreadyRolledBack)
            ? RollbackOutcome.Performed
            : RollbackOutcome.NotReversible;
    }
}
