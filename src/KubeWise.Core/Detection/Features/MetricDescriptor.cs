using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Features;

/// <summary>A metric an entity type is scored on.</summary>
public sealed record MetricDescriptor(string Name, MetricKind Kind);
