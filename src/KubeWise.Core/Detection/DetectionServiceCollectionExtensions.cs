using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Detection;

public static class DetectionServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseDetection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<DetectionOptions>(configuration, DetectionOptions.SectionName);
        return services;
    }
}
