using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Functions.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP API's services (options, caller identity, the approval gateway). Needs <c>AddKubeWiseCore</c> and
    /// <c>AddKubeWiseWorkflow</c>. The function classes themselves are created per call by the worker's activator.
    /// </summary>
    public static IServiceCollection AddKubeWiseApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<ApiOptions>(configuration, ApiOptions.SectionName);
        services.TryAddSingleton<CallerIdentity>();
        services.TryAddSingleton<ApprovalGateway>();
        return services;
    }
}
