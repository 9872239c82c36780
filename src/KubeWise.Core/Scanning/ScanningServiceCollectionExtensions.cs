using KubeWise.Core.Configuration;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

public static class ScanningServiceCollectionExtensions
{
    /// <summary>The scan cycle with its query catalog, discovery and per-entity-type model store; the detection engine comes from <c>AddKubeWiseDetection</c>.</summary>
    public static IServiceCollection AddKubeWiseScanning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ScanOptions>(configuration, ScanOptions.SectionName);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new QueryCatalog(provider.GetRequiredService<IOptions<PrometheusOptions>>()));
        services.TryAddSingleton(provider => new MetricDiscovery(
            provider.GetRequiredService<IPrometheusClient>(),
            provider.GetRequiredService<QueryCatalog>(),
            TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<ScanOptions>>().Value.DiscoveryIntervalSeconds)));
        services.TryAddSingleton<IClusterIdentityResolver, ClusterIdentityResolver>();
        services.TryAddSingleton<IEntityModelStore, FileEntityModelStore>();
        services.TryAddSingleton<ScanCycle>();
        services.TryAddSingleton<MetricsSnapshotReader>();
        services.TryAddSingleton<ModelTrainer>();
        return services;
    }
}
