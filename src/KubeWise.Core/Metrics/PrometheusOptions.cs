using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Metrics;

/// <summary>How KubeWise reaches Prometheus. Seed names: <c>PROMETHEUS_URL</c>, <c>PROMETHEUS_SCRAPE_INTERVAL_SECONDS</c>, <c>DEFAULT_PROMQL_QUERIES</c>.</summary>
public sealed class PrometheusOptions : IValidatableObject
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

    /// <summary>Time one HTTP attempt may take, in seconds; Prometheus is asked to stop evaluating a little earlier (its <c>timeout</c> parameter).</summary>
    /// <value>Default: 30.</value>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries after a timeout, a 502/503/504/429 answer or a connection failure. Bad queries (400/422) are never retried.</summary>
    /// <value>Default: 3.</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay in milliseconds; later ones grow exponentially, with jitter.</summary>
    /// <value>Default: 500.</value>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>Largest answer body accepted, in bytes; a larger one is an error that names the query.</summary>
    /// <value>Default: 67108864 (64 MiB).</value>
    [Range(1024, int.MaxValue)]
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bearer token sent as <c>Authorization: Bearer</c>.</summary>
    /// <value>Default: none.</value>
    public string? BearerToken { get; set; }

    /// <summary>File holding the bearer token, read on every request so a rotated token (a service-account token) is picked up.</summary>
    /// <value>Default: none.</value>
    public string? BearerTokenFile { get; set; }

    /// <summary>User name for basic auth.</summary>
    /// <value>Default: none.</value>
    public string? Username { get; set; }

    /// <summary>Password for basic auth.</summary>
    /// <value>Default: none.</value>
    public string? Password { get; set; }

    /// <summary>TLS settings for an https <see cref="Url"/>.</summary>
    public PrometheusTlsOptions Tls { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var bearer = !string.IsNullOrEmpty(BearerToken) || !string.IsNullOrEmpty(BearerTokenFile);
        var basic = !string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password);
        if (!string.IsNullOrEmpty(BearerToken) && !string.IsNullOrEmpty(BearerTokenFile))
        {
            yield return new("Set Prometheus:BearerToken or Prometheus:BearerTokenFile, not both.", [nameof(BearerToken), nameof(BearerTokenFile)]);
        }

        if (bearer && basic)
        {
            yield return new("Prometheus auth: set a bearer token or a user name and password, not both.", [nameof(BearerToken), nameof(Username)]);
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return new("Prometheus:Password is set but Prometheus:Username is not.", [nameof(Username)]);
        }

        if (string.IsNullOrEmpty(Tls.CertificateFile) != string.IsNullOrEmpty(Tls.KeyFile))
        {
            yield return new("Prometheus:Tls:CertificateFile and Prometheus:Tls:KeyFile go together (client certificate).", ["Tls"]);
        }

        foreach (var (name, path) in new[] { ("Prometheus:BearerTokenFile", BearerTokenFile), ("Prometheus:Tls:CaFile", Tls.CaFile), ("Prometheus:Tls:CertificateFile", Tls.CertificateFile), ("Prometheus:Tls:KeyFile", Tls.KeyFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                yield return new($"{name} names a file that does not exist: {path}", [name]);
            }
        }
    }
}

/// <summary>TLS settings for reaching Prometheus over https.</summary>
public sealed class PrometheusTlsOptions
{
    /// <summary>PEM file of the CA that signed Prometheus's certificate (instead of the system store).</summary>
    /// <value>Default: none (system trust store).</value>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for mutual TLS.</summary>
    /// <value>Default: none.</value>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/>.</summary>
    /// <value>Default: none.</value>
    public string? KeyFile { get; set; }

    /// <summary>Accept any server certificate. Only for test clusters: it disables server authentication.</summary>
    /// <value>Default: false.</value>
    public bool InsecureSkipVerify { get; set; }
}
