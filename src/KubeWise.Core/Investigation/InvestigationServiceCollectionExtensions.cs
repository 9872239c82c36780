using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Investigation;

public static class InvestigationServiceCollectionExtensions
{
    /// <summary>The briefing both the explain pipeline and the workflow build analysis input with; it relies on the execution registrations.</summary>
    public static IServiceCollection AddKubeWiseInvestigation(this IServiceCollection services)
    {
        services.TryAddSingleton<PrometheusFactsReader>();
        services.TryAddSingleton<IncidentBriefing>();
        return services;
    }
}
