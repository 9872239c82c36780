using KubeWise.Core.Configuration;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

public static class ScanningServiceCollectionExtensions
{
    /// <summary>The scan cycle with its catalog, discovery and model store. Detection parts are added only when the detection area has not.</summary>
    public static IServiceCollection AddKubeWiseScanning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ScanOptions>(configuration, ScanOptions.SectionName);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new QueryCatalog(provider.GetRequiredService<IOptions<PrometheusOptions>>()));
        services.TryAddSingleton<MetricDiscovery>();
        services.TryAddSingleton<FeatureExtractor>();
        services.TryAddSingleton(provider => DetectorRegistry.CreateDefault(provider.GetRequiredService<IOptions<DetectionOptions>>().Value));
        services.TryAddSingleton<DetectionEngine>();
        services.TryAddSingleton<IEntityModelStore, FileEntityModelStore>();
        services.TryAddSingleton<ScanCycle>();
        return services;
    }
}
