using KubeWise.Application.Activities;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// One run of <see cref="RemediationOrchestrator"/>, in parts that can each be read alone: <see cref="Approval"/>
/// (go-ahead, brake, pause), <see cref="Execution"/> (phases, rollback) and the <see cref="StageRecorder"/> they share;
/// analysis, verification and the end are here. Orchestrator code: deterministic, time from
/// <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, every read and write through an activity.
/// </summary>
internal sealed class RemediationRun
{
    private readonly RemediationScope _scope;
    private readonly StageRecorder _recorder;

    public RemediationRun(TaskOrchestrationContext context, RemediationInput input)
    {
        _scope = new RemediationScope(context, input);
        _recorder = new StageRecorder(_scope);
        Approval = new RemediationApproval(_scope, _recorder);
        Execution = new PhasedExecution(_scope, _recorder, Approval);
    }

    public RemediationApproval Approval { get; }

    public PhasedExecution Execution { get; }

    public async Task<AnalysisStep> AnalyzeAsync()
    {
        await _recorder.RecordAsync(RemediationStage.Analyzing, "orchestrator", $"Incident {_scope.IncidentKey}");
        var analysis = await _scope.Context.CallActivityAsync<AnalysisStep>(nameof(AnalyzeIncidentActivity), new IncidentRef(_scope.AnomalyId), _scope.Retry);
        WorkflowLog.Analysed(_scope.Log, _scope.AnomalyId, analysis.Commands.Count, analysis.Summary);
        return analysis;
    }

    public async Task WaitForVerificationAsync()
    {
        await _recorder.RecordAsync(RemediationStage.Verifying, "orchestrator", $"Verifying after {_scope.Timings.VerificationDelay}.");
        await _scope.WaitAsync(_scope.Timings.VerificationDelay);
    }

    public async Task<VerificationStep> VerifyAsync(ExecutionOutcome execution)
    {
        var verdict = await _scope.Context.CallActivityAsync<VerificationStep>(
            nameof(VerifyRemediationActivity), new VerifyRemediation(_scope.AnomalyId, execution.Executed, execution.FinishedAt), _scope.Retry);
        WorkflowLog.Verified(_scope.Log, _scope.AnomalyId, verdict.Resolved, verdict.Summary);
        return verdict;
    }

    /// <summary>After an activity failed for good: roll back what was applied and end the event, if the store lets us.</summary>
    public async Task<RemediationOutcome> AbortAsync(TaskFailedException failure)
    {
        var reason = $"{failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}";
        WorkflowLog.Aborted(_scope.Log, _scope.AnomalyId, reason);
        var rollback = await Execution.RollBackAsync(reason);
        return await EndAsync(Execution.Executed.Count == 0 ? RemediationStage.Suggested : RemediationStage.RemediationFailed, reason, rollback);
    }

    /// <summary>Ends without a write: the store cannot take one. The output says so, for the timer to restart the run.</summary>
    public RemediationOutcome StoreUnavailable(TaskFailedException failure)
    {
        var reason = $"The event store stayed unreachable for {_scope.Timings.StoreOutageLimit}: {failure.TaskName} failed: {failure.FailureDetails.ErrorMessage}";
        WorkflowLog.Ended(_scope.Log, _scope.AnomalyId, RemediationStage.StoreUnavailable, reason);
        _recorder.SetStatus(RemediationStage.StoreUnavailable, reason);
        return new RemediationOutcome(_scope.AnomalyId, RemediationStage.StoreUnavailable, reason, []);
    }

    public async Task<RemediationOutcome> EndAsync(RemediationStage stage, string summary, RollbackStep? rollback = null)
    {
        stage = _recorder.FinalStageFor(stage);
        var comment = rollback is null ? summary : $"{summary} Rollback: {rollback.Outcome} ({rollback.Detail})";
        await _recorder.RecordAsync(stage, "orchestrator", comment);
        _recorder.SetStatus(stage, comment);
        WorkflowLog.Ended(_scope.Log, _scope.AnomalyId, stage, comment);
        return new RemediationOutcome(_scope.AnomalyId, stage, comment, [.. Execution.Executed], rollback?.Outcome);
    }
}
