using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Core.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>Registers <see cref="KubernetesOptions"/> and the client factory. The client is created on first use, so a
    /// process without a cluster starts and reports the missing cluster when it first needs one.</summary>
    public static IServiceCollection AddKubeWiseKubernetes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KubernetesOptions>(configuration, KubernetesOptions.SectionName);
        services.TryAddSingleton(KubernetesEnvironment.Process);
        services.TryAddSingleton<IKubernetesClientFactory, KubernetesClientFactory>();
        return services;
    }
}
