using KubeWise.Core.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// Builds the production Prometheus client (options binding, validation, typed HttpClient, resilience) for a test server.
/// Dispose the returned provider when done.
/// </summary>
public static class PrometheusClientFactory
{
    public static ServiceProvider Build(Uri url, IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Prometheus:Url"] = url.ToString().TrimEnd('/'),
            ["Prometheus:RetryBaseDelayMilliseconds"] = "50",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key.Contains(':', StringComparison.Ordinal) ? key : $"Prometheus:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();
        if (timeProvider is not null)
        {
            services.TryAddSingleton(timeProvider);
        }

        services.AddKubeWiseMetrics(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IPrometheusClient Client(this ServiceProvider services) => services.GetRequiredService<IPrometheusClient>();
}
