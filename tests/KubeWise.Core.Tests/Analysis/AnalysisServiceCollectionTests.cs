using KubeWise.Core.Analysis;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Analysis;

public class AnalysisServiceCollectionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> values) =>
        new ServiceCollection()
            .AddLogging()
            .AddKubeWiseCore(new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

    [Fact]
    public void AddKubeWiseCore_ResolvesFallbackBackendsOverTheCatalogAndPolicy()
    {
        using var services = Build([]);

        Assert.IsType<FallbackAnalyzer>(services.GetRequiredService<IAnomalyAnalyzer>());
        Assert.IsType<FallbackVerifier>(services.GetRequiredService<IRemediationVerifier>());
        var screen = Assert.IsType<CatalogPolicyScreen>(services.GetRequiredService<IProposalScreen>());
        Assert.Contains(screen.Operations, o => o.Name == "rollback_deployment");
        var options = services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        Assert.Equal("gemini-3.8-flash", options.Model);
        Assert.Equal("https://generativelanguage.googleapis.com", options.Endpoint);
        Assert.False(options.HasApiKey);
    }

    [Fact]
    public void SeedNames_SetKeyAndSwitches()
    {
        using var services = Build(new() { ["GEMINI_API_KEY"] = "k", ["GEMINI_AUTO_ANALYSIS"] = "false", ["GEMINI_AUTO_VERIFICATION"] = "false" });

        var options = services.GetRequiredService<IOptions<GeminiOptions>>().Value;
        Assert.Equal("k", options.ApiKey);
        Assert.False(options.AutoAnalysis);
        Assert.False(options.AutoVerification);
    }

    [Theory]
    [InlineData("Gemini:Model", "models/../gemini", "Gemini:Model must be a bare model id")]
    [InlineData("Gemini:Endpoint", "not a url", "Endpoint")]
    [InlineData("Gemini:TokenBudgetPerIncident", "0", "TokenBudgetPerIncident")]
    [InlineData("Gemini:MaxRetries", "50", "MaxRetries")]
    public void InvalidSetting_FailsStartWithItsName(string key, string value, string message)
    {
        using var services = Build(new() { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
