using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using Microsoft.DurableTask;

namespace KubeWise.Application.Activities;

/// <summary>
/// Executes one validated step through the executor (re-validation against the live object, server-side dry run,
/// the <c>kubewise.io/applied</c> marker so a retried execution applies nothing twice) and records the attempt on the
/// event. A failure that may pass (429, 5xx, conflict, unreachable) after the executor's own retries is thrown as
/// <see cref="TransientStepException"/> for the orchestration's retry policy; anything else is answered as failed.
/// The rate and storm limits are counted from the store, and the write made and recorded, under <see cref="ExecutionGate"/>.
/// </summary>
public sealed class ExecuteCommandActivity(IEventStore store, RemediationCatalog catalog, RemediationExecutor executor, RecentActionsReader recent, ExecutionGate gate)
    : TaskActivity<ExecuteCommand, ExecutionStep>
{
    public override async Task<ExecutionStep> RunAsync(TaskActivityContext context, ExecuteCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parsed = StepCommands.Build(catalog, input.Data, input.Command);
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException($"{input.Command} does not parse: {parsed.Error.Reason}");
        }

        var anomaly = await EventAccess.GetAsync(store, input.AnomalyId).ConfigureAwait(false);
        ExecutionResult result;
        using (await gate.EnterAsync().ConfigureAwait(false))
        {
            // Counted right before the write: an attempt another incident recorded a moment ago counts against the limits.
            var recentActions = await recent.ReadAsync((anomaly.AnomalyId, parsed.Command)).ConfigureAwait(false);
            var request = new ExecutionRequest(input.AnomalyId, input.ApprovedBy, input.Validated)
            {
                AnomalousEntity = anomaly.Entity.ToScope(),
                RecentActions = recentActions,
            };
            result = await executor.ExecuteAsync(parsed.Command, request).ConfigureAwait(false);
            await RecordAttemptAsync(result, CommandData.Of(parsed.Command)).ConfigureAwait(false);
        }

        if (IsTransient(result))
        {
            throw new TransientStepException($"{input.Command} failed and may succeed on a retry: {result.Message}");
        }

        var succeeded = result.Status is ExecutionStatus.Applied or ExecutionStatus.AlreadyApplied;
        return new ExecutionStep(succeeded, result.Status, result.Message, result);
    }

    private static bool IsTransient(ExecutionResult result) =>
        result.Status == ExecutionStatus.Failed && !result.Changed
        && result.Error is { Code: 0 or 409 or 429 or >= 500 };

    private Task RecordAttemptAsync(ExecutionResult result, CommandData data) =>
        EventAccess.ApplyAsync(store, result.AnomalyId, current => new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Comment = result.Message,
            Attempt = new RemediationAttempt
            {
                Command = result.Command,
                CommandData = data,
                StartedAt = result.StartedAt,
                FinishedAt = result.FinishedAt,
                Status = result.Status is ExecutionStatus.Applied or ExecutionStatus.AlreadyApplied ? "success" : "failed",
                Before = result.Before.ToDictionary(f => f.Path, f => f.Json),
                After = result.After.ToDictionary(f => f.Path, f => f.Json),
                ApiStatusCode = result.Error?.Code,
                ApiStatusReason = result.Error?.Reason,
                Error = result.Status is ExecutionStatus.Applied or ExecutionStatus.AlreadyApplied ? null : result.Message,
                ApiRetries = result.Retries,
                LastTransientError = result.LastTransientError?.ToString(),
            },
        });
}
