using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Remediation.Execution;

public class ExecutionServiceCollectionTests
{
    [Fact]
    public async Task AddKubeWiseCore_NoClusterConfigured_ExecutorSaysSoWithoutCallingAnyServer()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new KubernetesEnvironment(_ => null, null, "/nonexistent/serviceaccount"))
            .AddKubeWiseCore(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var executor = provider.GetRequiredService<RemediationExecutor>();
        var error = await Assert.ThrowsAsync<KubernetesNotConfiguredException>(() => executor.CaptureAsync(new RestartDeploymentCommand("web", "shop")));

        Assert.Contains("No Kubernetes cluster is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains(provider.GetServices<IExecutionGuard>(), g => g is PolicyRecheckGuard);
    }
}
