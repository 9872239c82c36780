using KubeWise.Core.Configuration;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation;

public static class RemediationServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RemediationOptions>(configuration, RemediationOptions.SectionName);
        services.AddValidatedOptions<RemediationCatalogOptions>(configuration, RemediationCatalogOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RemediationCatalogOptions>, RemediationCatalogOptionsValidator>());
        services.TryAddSingleton<RemediationCatalog>();
        services.AddValidatedOptions<RemediationPolicyOptions>(configuration, RemediationPolicyOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RemediationPolicy>();
        return services;
    }
}
