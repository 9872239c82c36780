using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Workflows;

/// <summary>
/// A <see cref="RemediationOrchestrator"/> that could not reach the event store for
/// <see cref="RemediationWorkflowOptions.StoreOutageLimit"/> ends with the output <see cref="RemediationStage.StoreUnavailable"/>
/// and writes nothing. On a timer tick that reached the store, this starts each such orchestration again under the
/// same instance id (so an incident never has two), as long as its event is still before execution
/// (Detected, Analyzing, AwaitingApproval, or Approved by a person whose decision the new run picks up). An event that
/// moved on, or ended, is left as it is.
/// </summary>
public sealed class StoreOutageRecovery(
    IEventStore store,
    IOptionsMonitor<RemediationWorkflowOptions> options,
    TimeProvider time,
    ILogger<StoreOutageRecovery> logger)
{
    private const string InstancePrefix = "remediation-";

    private static readonly AnomalyStatus[] Restartable =
        [AnomalyStatus.Detected, AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved];

    /// <returns>The instance ids started again.</returns>
    public async Task<IReadOnlyList<string>> RestartAsync(DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.CurrentValue;
        // An orchestration lives about as long as its approval wait, its execution and the outage it gave up on.
        var window = (2 * settings.ApprovalTimeout) + settings.PhaseSettleTimeout + settings.VerificationDelay + settings.StoreOutageLimit + TimeSpan.FromHours(1);
        var query = new OrchestrationQuery
        {
            CreatedFrom = time.GetUtcNow() - window,
            Statuses = [OrchestrationRuntimeStatus.Completed],
            InstanceIdPrefix = InstancePrefix,
            FetchInputsAndOutputs = true,
        };
        var restarted = new List<string>();
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
        {
            if (!string.Equals(instance.Name, nameof(RemediationOrchestrator), StringComparison.Ordinal)
                || ReadOutput(instance) is not { Stage: RemediationStage.StoreUnavailable }
                || ReadInput(instance) is not { } input)
            {
                continue;
            }

            var anomaly = await store.GetAsync(input.AnomalyId, ct).ConfigureAwait(false);
            if (anomaly is null || !Restartable.Contains(anomaly.Status))
            {
                ScheduledWorkLog.NotRestarted(logger, instance.InstanceId, input.AnomalyId, anomaly?.Status.ToString() ?? "missing");
                continue;
            }

            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RemediationOrchestrator), input with { Timings = settings.ToTimings() },
                new StartOrchestrationOptions(instance.InstanceId), ct).ConfigureAwait(false);
            ScheduledWorkLog.Restarted(logger, instance.InstanceId, input.AnomalyId, anomaly.Status.ToString());
            restarted.Add(instance.InstanceId);
        }

        return restarted;
    }

    private static RemediationOutcome? ReadOutput(OrchestrationMetadata instance)
    {
        try
        {
            return instance.ReadOutputAs<RemediationOutcome>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static RemediationInput? ReadInput(OrchestrationMetadata instance)
    {
        try
        {
            return instance.ReadInputAs<RemediationInput>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
