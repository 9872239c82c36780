using KubeWise.Core.Configuration;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Detection;

public static class DetectionServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseDetection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DetectionOptions>(configuration, DetectionOptions.SectionName);
        services.AddLogging();
        services.TryAddSingleton<IForestStore, FileForestStore>();
        services.TryAddSingleton<FeatureExtractor>();
        services.TryAddSingleton(sp => DetectorRegistry.CreateDefault(sp.GetRequiredService<IOptions<DetectionOptions>>().Value));
        services.TryAddSingleton<DetectionEngine>();
        return services;
    }
}
