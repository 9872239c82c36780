using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Remediation.Execution;

public static class ExecutionServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseRemediationExecution(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ExecutionOptions>(configuration, ExecutionOptions.SectionName);
        services.TryAddSingleton<ClusterFactsReader>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionGuard, PolicyRecheckGuard>());
        services.TryAddSingleton<RemediationExecutor>();
        return services;
    }
}
