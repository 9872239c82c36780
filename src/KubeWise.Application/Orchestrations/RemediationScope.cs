using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// What every part of one <see cref="RemediationOrchestrator"/> run shares and never changes: the orchestration context,
/// its input, the replay-safe logger and the activities' retry policy.
/// </summary>
internal sealed class RemediationScope(TaskOrchestrationContext context, RemediationInput input)
{
    public TaskOrchestrationContext Context => context;

    public string AnomalyId => input.AnomalyId;

    public string IncidentKey => input.IncidentKey;

    public RemediationTimings Timings => input.Timings;

    public ILogger Log { get; } = context.CreateReplaySafeLogger<RemediationOrchestrator>();

    public TaskOptions Retry { get; } = RetryPolicies.Transient(input.Timings);

    /// <summary>A durable timer (no cancellation: a run only ends by its own decision).</summary>
    public Task WaitAsync(TimeSpan delay) => context.CreateTimer(delay, CancellationToken.None);
}
