using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Incidents;

public static class IncidentsServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<IncidentOptions>(configuration, IncidentOptions.SectionName);
        services.TryAddSingleton<IncidentTracker>();
        return services;
    }
}
