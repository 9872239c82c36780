namespace KubeWise.Core.Metrics;

/// <summary>The <c>data.resultType</c> of a query answer.</summary>
public enum PrometheusResultType
{
    Vector,
    Matrix,
    Scalar,
    String,
}

/// <summary>One sample. <see cref="Value"/> may be NaN or ±infinity: Prometheus sends those as strings.</summary>
public readonly record struct PrometheusSample(DateTimeOffset Timestamp, double Value);

/// <summary>One series of a vector (one sample) or matrix (many samples) answer.</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<PrometheusSample> Samples)
{
    /// <summary>A label's value, or empty when the series has no such label (as PromQL treats it).</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;

    /// <summary>The metric name (<c>__name__</c>), empty for results of expressions.</summary>
    public string MetricName => Label("__name__");
}

/// <summary>The answer of an instant or range query.</summary>
public sealed class PrometheusQueryResult
{
    public required string Query { get; init; }

    public required PrometheusResultType ResultType { get; init; }

    /// <summary>Series of a vector or matrix answer; empty for scalar and string answers.</summary>
    public IReadOnlyList<PrometheusSeries> Series { get; init; } = [];

    /// <summary>The value of a scalar answer.</summary>
    public PrometheusSample? Scalar { get; init; }

    /// <summary>The value of a string answer.</summary>
    public string? StringValue { get; init; }

    /// <summary>Warnings Prometheus attached. An answer with warnings may be partial: the caller decides whether to trust it.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool HasWarnings => Warnings.Count > 0;
}

/// <summary>The answer of a listing call (series, label values).</summary>
/// <param name="Items">What Prometheus listed, at most the requested limit.</param>
/// <param name="Warnings">Warnings Prometheus attached.</param>
/// <param name="Truncated">True when Prometheus listed more than the limit (older servers ignore <c>limit</c>; the client then cuts).</param>
public sealed record PrometheusList<T>(IReadOnlyList<T> Items, IReadOnlyList<string> Warnings, bool Truncated);

/// <summary>Metadata of one metric as its targets expose it (<c>/api/v1/metadata</c>).</summary>
public sealed record PrometheusMetricMetadata(string Metric, string Type, string Help, string Unit);
