using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Metrics;

/// <summary>How KubeWise reaches Prometheus. Seed names: <c>PROMETHEUS_URL</c>, <c>PROMETHEUS_SCRAPE_INTERVAL_SECONDS</c>, <c>DEFAULT_PROMQL_QUERIES</c>.</summary>
public sealed class PrometheusOptions
{
    public const string SectionName = "Prometheus";

    /// <summary>Base URL of the Prometheus server.</summary>
    /// <value>Default: <c>http://localhost:9090</c>.</value>
    [Required, Url]
    public string Url { get; set; } = "http://localhost:9090";

    /// <summary>Step of range queries, in seconds.</summary>
    /// <value>Default: 15.</value>
    [Range(1, 3600)]
    public int ScrapeIntervalSeconds { get; set; } = 15;

    /// <summary>Extra PromQL queries added to the catalog (the seed's <c>DEFAULT_PROMQL_QUERIES</c>).</summary>
    /// <value>Default: none.</value>
    public List<string> DefaultQueries { get; set; } = [];
}
