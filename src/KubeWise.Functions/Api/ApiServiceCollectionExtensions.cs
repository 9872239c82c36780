using KubeWise.Application.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Functions.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>
    /// The HTTP API's handlers and services. Needs <c>AddKubeWiseCore</c> and <c>AddKubeWiseWorkflow</c>. The function
    /// classes themselves are created per call by the worker's activator.
    /// </summary>
    public static IServiceCollection AddKubeWiseApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddKubeWiseApiHandlers(configuration);
        services.TryAddSingleton<ApprovalGateway>();
        return services;
    }
}
