using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PrometheusOptions>(configuration, PrometheusOptions.SectionName);
        return services;
    }
}
