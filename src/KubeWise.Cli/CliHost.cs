using KubeWise.Core;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli;

/// <summary>Builds the same Core graph the Functions app uses, from the environment plus command-line overrides.</summary>
internal static class CliHost
{
    public static IConfigurationRoot BuildConfiguration(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        if (overrides is { Count: > 0 })
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.AddSeedAliases().Build();
    }

    /// <summary>
    /// Builds the service provider. <c>kubewise config</c> runs every option's start-up validation, as the Functions host
    /// would; the read-only commands pass <paramref name="validateEverySetting"/> false, so each option is validated when
    /// first used and a setting the command never reads (REMEDIATION_MODE for a scan) cannot block it.
    /// </summary>
    public static ServiceProvider BuildServices(IConfiguration configuration, Action<IServiceCollection>? configure = null, bool validateEverySetting = true)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddKubeWiseCliConsole());
        services.AddKubeWiseCore(configuration);
        configure?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        if (validateEverySetting)
        {
            provider.GetService<IStartupValidator>()?.Validate();
        }

        return provider;
    }
}
