using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;

namespace KubeWise.Core.Scanning;

/// <summary>The current metrics of every entity, as the scan names entities, over the detection window ending at <see cref="At"/>.</summary>
/// <param name="Entities">One entry per entity, in the order of <see cref="EntityKey.ToString"/>.</param>
/// <param name="Errors">Queries Prometheus refused or could not answer; the others are still in <paramref name="Entities"/>.</param>
/// <param name="Unresolved">Series that named no entity KubeWise knows (bare pods, unknown controllers): left out, as the scan leaves them out.</param>
public sealed record MetricsSnapshot(
    DateTimeOffset At,
    TimeSpan Window,
    IReadOnlyList<EntityMetrics> Entities,
    IReadOnlyList<MetricsQueryError> Errors,
    int Unresolved);

/// <summary>The series of one entity.</summary>
public sealed record EntityMetrics(EntityKey Entity, IReadOnlyList<EntitySeries> Series);

/// <summary>One answered series: the query that produced it (its catalog id and the PromQL sent), its labels and its samples.</summary>
public sealed record EntitySeries(string QueryId, string Query, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusSample> Samples);

/// <summary>A query that failed, with Prometheus' reason.</summary>
public sealed record MetricsQueryError(string QueryId, string Error);
