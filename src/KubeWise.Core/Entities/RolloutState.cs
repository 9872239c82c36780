namespace KubeWise.Core.Entities;

/// <summary>
/// Rollout progress of a workload (kube-state-metrics <c>*_metadata_generation</c>, <c>*_status_observed_generation</c>,
/// <c>*_status_updated_replicas</c>). While a rollout runs, metrics shift for reasons nobody needs to be paged for.
/// </summary>
/// <param name="Generation">The spec generation (<c>metadata.generation</c>).</param>
/// <param name="ObservedGeneration">The generation the controller has acted on (<c>status.observedGeneration</c>).</param>
/// <param name="PodsBeingReplaced">True while old pods are being replaced (updated replicas below desired, or old pods still terminating).</param>
public sealed record RolloutState(long? Generation = null, long? ObservedGeneration = null, bool PodsBeingReplaced = false)
{
    public static readonly RolloutState Settled = new();

    public bool InProgress => PodsBeingReplaced || (Generation is { } g && ObservedGeneration is { } o && g != o);
}
