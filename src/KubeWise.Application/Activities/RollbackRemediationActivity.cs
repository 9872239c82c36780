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
        var results = new List<RollbackResult>();
        foreach (var executed in input.Applied.Reverse())
        {
            var parsed = catalog.Parse(executed.Command);
            if (!parsed.Succeeded)
            {
                throw new InvalidOperationException($"{executed.Command} does not parse: {parsed.Error.Reason}");
            }

            var result = await executor.RollbackAsync(parsed.Command, executed).ConfigureAwait(false);
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
