using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Application.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The API's handlers and what they share (options, caller identity, event lookup), for any host. Needs
    /// <c>AddKubeWiseCore</c> (and the workflow's services for the approval and analysis handlers).
    /// </summary>
    public static IServiceCollection AddKubeWiseApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<ApiOptions>(configuration, ApiOptions.SectionName);
        services.TryAddSingleton<CallerIdentity>();
        services.TryAddSingleton<EventLookup>();
        services.TryAddSingleton<EventsHandler>();
        services.TryAddSingleton<CommandsHandler>();
        services.TryAddSingleton<SetupHandler>();
        services.TryAddSingleton<MetricsHandler>();
        services.TryAddSingleton<DocsHandler>();
        services.TryAddSingleton<DashboardHandler>();
        services.TryAddSingleton<HealthHandler>();
        services.TryAddSingleton<AnalyzeHandler>();
        services.TryAddSingleton<ApprovalGateway>();
        services.TryAddSingleton<ApprovalHandler>();
        return services;
    }
}
