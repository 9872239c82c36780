namespace KubeWise.Core.Entities;

/// <summary>One point of a series. NaN and infinite values are allowed here; feature extraction skips them as missing.</summary>
public readonly record struct MetricSample(DateTimeOffset Timestamp, double Value);
