namespace KubeWise.Core.Entities;

/// <summary>Everything known about one entity over one metric window ending at <paramref name="End"/> (the evaluation time).</summary>
public sealed record EntityWindow(EntityKey Entity, DateTimeOffset End, IReadOnlyList<MetricSeries> Metrics)
{
    public RolloutState Rollout { get; init; } = RolloutState.Settled;

    public EntityFacts Facts { get; init; } = EntityFacts.None;
}
