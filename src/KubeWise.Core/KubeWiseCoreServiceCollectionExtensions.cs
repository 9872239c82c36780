using KubeWise.Core.Analysis;
using KubeWise.Core.Configuration;
using KubeWise.Core.Detection;
using KubeWise.Core.Events;
using KubeWise.Core.Explain;
using KubeWise.Core.Investigation;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Metrics;
using KubeWise.Core.Remediation;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Scanning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core;

public static class KubeWiseCoreServiceCollectionExtensions
{
    /// <summary>
    /// Wires all of Core. The Functions app, the CLI and the tests call this one method, so they share one graph.
    /// <paramref name="configuration"/> should already carry the seed aliases (<see cref="SeedConfigurationExtensions.AddSeedAliases"/>).
    /// </summary>
    public static IServiceCollection AddKubeWiseCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<WorkerOptions>(configuration, WorkerOptions.SectionName);

        return services
            .AddKubeWiseMetrics(configuration)
            .AddKubeWiseDetection(configuration)
            .AddKubeWiseAnalysis(configuration)
            .AddKubeWiseRemediation(configuration)
            .AddKubeWiseEvents(configuration)
            .AddKubeWiseKubernetes(configuration)
            .AddKubeWiseRemediationExecution(configuration)
            .AddKubeWiseScanning(configuration)
            .AddKubeWiseInvestigation()
            .AddKubeWiseExplain();
    }
}
