using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Remediation;

public static class RemediationServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RemediationOptions>(configuration, RemediationOptions.SectionName);
        return services;
    }
}
