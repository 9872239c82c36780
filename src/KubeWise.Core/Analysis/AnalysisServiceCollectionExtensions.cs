using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GeminiOptions>(configuration, GeminiOptions.SectionName);
        return services;
    }
}
