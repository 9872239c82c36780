namespace KubeWise.Core.Metrics;

/// <summary>
/// The Prometheus HTTP API (<c>/api/v1</c>). Every evaluation time is a parameter; when omitted it is "now" from the injected
/// <see cref="TimeProvider"/>. Failures are <see cref="PrometheusException"/>s that carry the error type and the query.
/// </summary>
public interface IPrometheusClient
{
    /// <summary>Instant query (<c>/api/v1/query</c>) evaluated at <paramref name="time"/>.</summary>
    Task<PrometheusQueryResult> QueryAsync(string query, DateTimeOffset? time = null, CancellationToken cancellationToken = default);

    /// <summary>Range query (<c>/api/v1/query_range</c>); <paramref name="step"/> defaults to <see cref="PrometheusOptions.ScrapeIntervalSeconds"/>.</summary>
    Task<PrometheusQueryResult> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan? step = null, CancellationToken cancellationToken = default);

    /// <summary>Range query over the <paramref name="window"/> that ends at <paramref name="end"/> (default: now).</summary>
    Task<PrometheusQueryResult> QueryRangeAsync(string query, TimeSpan window, DateTimeOffset? end = null, TimeSpan? step = null, CancellationToken cancellationToken = default);

    /// <summary>Series matching any of <paramref name="matchers"/> (<c>/api/v1/series</c>) between start and end (default: the hour before now).</summary>
    Task<PrometheusList<IReadOnlyDictionary<string, string>>> SeriesAsync(
        IReadOnlyList<string> matchers, DateTimeOffset? start = null, DateTimeOffset? end = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Values of label <paramref name="label"/> (<c>/api/v1/label/&lt;name&gt;/values</c>) between start and end (default: the hour before now).</summary>
    Task<PrometheusList<string>> LabelValuesAsync(
        string label, IReadOnlyList<string>? matchers = null, DateTimeOffset? start = null, DateTimeOffset? end = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Metric metadata as the scraped targets expose it (<c>/api/v1/metadata</c>).</summary>
    Task<PrometheusList<PrometheusMetricMetadata>> MetadataAsync(string? metric = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The server's <c>global.external_labels</c> (from <c>/api/v1/status/config</c>), e.g. <c>cluster</c>. A server
    /// without the config API answers an error other than unavailable/timeout; a client that cannot tell answers none.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ExternalLabelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
}
