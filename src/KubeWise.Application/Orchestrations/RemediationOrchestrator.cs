using KubeWise.Application.Activities;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// One incident from analysis to a verified fix (DESIGN.md):
/// analyze → record → MANUAL: wait for <c>Approval-&lt;round&gt;</c> with expiry | AUTO: go on →
/// per command: [MANUAL brake: wait for approval of the rest] → re-validate → execute (phases with durable timers
/// between them) → durable timer → verify → Resolved, or roll back → RemediationFailed.
/// All I/O is in activities; the parts live in <see cref="RemediationRun"/>: <see cref="RemediationApproval"/>,
/// <see cref="PhasedExecution"/> and the <see cref="StageRecorder"/> they share.
/// </summary>
public sealed class RemediationOrchestrator : TaskOrchestrator<RemediationInput, RemediationOutcome>
{
    public override async Task<RemediationOutcome> RunAsync(TaskOrchestrationContext context, RemediationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new RemediationRun(context, input);
        try
        {
            return await RemediateAsync(run);
        }
        catch (TaskFailedException e) when (RetryPolicies.IsStoreUnavailable(e.FailureDetails) && run.Execution.Executed.Count == 0)
        {
            // The store stayed unreachable past the limit before anything was applied: nothing can be recorded, so
            // nothing is; the timer starts this orchestration again under the same id once the store answers.
            return run.StoreUnavailable(e);
        }
        catch (TaskFailedException e)
        {
            // An activity failed for good: undo what was applied and leave the event in a final status.
            return await run.AbortAsync(e);
        }
    }

    private static async Task<RemediationOutcome> RemediateAsync(RemediationRun run)
    {
        // analyze (activity: Gemini | rules) → record event (store)
        var analysis = await run.AnalyzeAsync();
        if (analysis.Commands.Count == 0)
        {
            return await run.EndAsync(RemediationStage.Suggested, $"Nothing KubeWise may apply: {analysis.Summary}");
        }

        // MANUAL: wait for "Approval-<round>" with expiry; AUTO: go on
        var approval = await run.Approval.ApproveAsync(analysis.Commands, analysis.Conflicts);
        if (!approval.Approved)
        {
            return await run.EndAsync(approval.Stage, approval.Reason);
        }

        // re-validate against live cluster state → execute (activity, retries); MANUAL brakes before every step
        var execution = await run.Execution.ExecuteAsync(approval);
        if (execution.StoppedBy is { } decision)
        {
            // Braked, then rejected (or unanswered): nothing more is written.
            return await run.EndAsync(decision, execution.Reason);
        }

        if (!execution.Succeeded)
        {
            var undone = await run.Execution.RollBackAsync(execution.Reason);
            return await run.EndAsync(execution.Executed.Count == 0 ? RemediationStage.Suggested : RemediationStage.RemediationFailed, execution.Reason, undone);
        }

        // durable timer → verify (activity: metrics + Gemini | rules) → RESOLVED | rollback → REMEDIATION_FAILED
        await run.WaitForVerificationAsync();
        var verdict = await run.VerifyAsync(execution);
        if (verdict.Resolved)
        {
            return await run.EndAsync(RemediationStage.Resolved, verdict.Summary);
        }

        var rollback = await run.Execution.RollBackAsync($"Verification failed: {verdict.Summary}");
        return await run.EndAsync(RemediationStage.RemediationFailed, $"Verification failed: {verdict.Summary}", rollback);
    }
}
