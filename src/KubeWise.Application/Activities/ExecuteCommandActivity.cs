using KubeWise.Core.Telemetry;
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
/// The rate and storm limits hold across workers: the remediation is reserved in the store (<see cref="LimitReservations"/>)
/// before the write and released once its attempt is recorded. <see cref="ExecutionGate"/> only keeps this process's
/// own executions from racing each other for the ledger.
/// </summary>
public sealed class ExecuteCommandActivity(IEventStore store, RemediationCatalog catalog, RemediationExecutor executor, LimitReservations limits, ExecutionGate gate)
    : TaskActivity<ExecuteCommand, ExecutionStep>
{
    public override async Task<ExecutionStep> RunAsync(TaskActivityContext context, ExecuteCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = KubeWiseTelemetry.Start("kubewise.execute");
        span?.SetTag("kubewise.anomaly_id", input.AnomalyId);
        var parsed = StepCommands.Build(catalog, input.Data, input.Command);
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException($"{input.Command} does not parse: {parsed.Error.Reason}");
        }

        var anomaly = await EventAccess.GetAsync(store, input.AnomalyId).ConfigureAwait(false);
        ExecutionResult result;
        using (await gate.EnterAsync().ConfigureAwait(false))
        {
            // Reserved right before the write: what any worker applied or reserved a moment ago counts against the
            // limits. When they are reached nothing is reserved, and the policy's check in the executor refuses.
            var reservation = await limits.ReserveAsync(anomaly.AnomalyId, parsed.Command, anomaly.Entity.ToScope()).ConfigureAwait(false);
            var request = new ExecutionRequest(input.AnomalyId, input.ApprovedBy, input.Validated)
            {
                AnomalousEntity = anomaly.Entity.ToScope(),
                RecentActions = reservation.RecentActions,
            };
            result = await executor.ExecuteAsync(parsed.Command, request).ConfigureAwait(false);
            KubeWiseTelemetry.Remediation(parsed.Command.Operation.Name, result.Status);
            span?.SetTag("kubewise.operation", parsed.Command.Operation.Name).SetTag("kubewise.outcome", result.Status);

            // Released once the recorded attempt counts in its place, or when nothing stands to count. A change that
            // stands but could not be recorded keeps it until the retried step records it; a crash leaves it to expire.
            try
            {
                await RecordAttemptAsync(result, CommandData.Of(parsed.Command)).ConfigureAwait(false);
            }
            catch when (!Stands(result))
            {
                await reservation.ReleaseAsync().ConfigureAwait(false);
                throw;
            }

            await reservation.ReleaseAsync().ConfigureAwait(false);
        }

        if (IsTransient(result))
        {
            throw new TransientStepException($"{input.Command} failed and may succeed on a retry: {result.Message}");
        }

        return new ExecutionStep(Stands(result), result.Status, result.Message, result);
    }

    private static bool Stands(ExecutionResult result) => result.Status is ExecutionStatus.Applied or ExecutionStatus.AlreadyApplied;

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
