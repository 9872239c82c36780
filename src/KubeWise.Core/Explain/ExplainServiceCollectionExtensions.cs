using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Explain;

public static class ExplainServiceCollectionExtensions
{
    /// <summary>The explain pipeline; it relies on the analysis, remediation, Kubernetes, execution and investigation registrations.</summary>
    public static IServiceCollection AddKubeWiseExplain(this IServiceCollection services)
    {
        services.TryAddSingleton<ServerDryRun>();
        services.TryAddTransient<ExplainPipeline>();
        return services;
    }
}
