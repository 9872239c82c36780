using KubeWise.Core.Configuration;
using KubeWise.Core.Detection.Forest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Detection;

public static class DetectionServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseDetection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DetectionOptions>(configuration, DetectionOptions.SectionName);
        services.AddLogging();
        services.TryAddSingleton<IForestStore, FileForestStore>();
        return services;
    }
}
