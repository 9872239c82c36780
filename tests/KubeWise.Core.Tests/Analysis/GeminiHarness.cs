using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Configuration;
using KubeWise.Testing.Gemini;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>The analysis area wired as production wires it (<c>AddKubeWiseAnalysis</c>), pointed at a <see cref="FakeGeminiServer"/>.</summary>
internal sealed class GeminiHarness : IAsyncDisposable
{
    public const string ApiKey = "test-key-123";

    private GeminiHarness(FakeGeminiServer server, ServiceProvider services)
    {
        Server = server;
        Services = services;
    }

    public FakeGeminiServer Server { get; }

    public ServiceProvider Services { get; }

    public IAnomalyAnalyzer Analyzer => Services.GetRequiredService<IAnomalyAnalyzer>();

    public IRemediationVerifier Verifier => Services.GetRequiredService<IRemediationVerifier>();

    public GeminiHealth Health => Services.GetRequiredService<GeminiHealth>();

    public static async Task<GeminiHarness> StartAsync(Dictionary<string, string?>? settings = null, bool withKey = true)
    {
        var server = await FakeGeminiServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Gemini:Endpoint"] = server.BaseAddress.ToString(),
            ["Gemini:RetryBaseDelayMilliseconds"] = "10",
            ["Gemini:AttemptTimeoutSeconds"] = "10",
            ["Gemini:RequestTimeoutSeconds"] = "20",
        };
        if (withKey)
        {
            values["GEMINI_API_KEY"] = ApiKey;
        }

        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddKubeWiseCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new GeminiHarness(server, services);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
