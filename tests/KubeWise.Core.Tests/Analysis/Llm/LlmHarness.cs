using KubeWise.Core.Analysis;
using KubeWise.Core.Configuration;
using KubeWise.Testing.OpenAi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Analysis.Llm;

/// <summary>The analysis area wired as production wires it, with <c>Llm:Provider</c> OpenAiCompatible pointed at a <see cref="FakeOpenAiServer"/>.</summary>
internal sealed class LlmHarness : IAsyncDisposable
{
    public const string Key = "sk-local-test-0001";

    private LlmHarness(FakeOpenAiServer server, ServiceProvider services, FakeTimeProvider time)
    {
        Server = server;
        Services = services;
        Time = time;
    }

    public FakeOpenAiServer Server { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public IAnomalyAnalyzer Analyzer => Services.GetRequiredService<IAnomalyAnalyzer>();

    public IRemediationVerifier Verifier => Services.GetRequiredService<IRemediationVerifier>();

    public static async Task<LlmHarness> StartAsync(Dictionary<string, string?>? settings = null, bool azure = false, bool withKey = false)
    {
        var server = await FakeOpenAiServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "OpenAiCompatible",
            ["Llm:Endpoint"] = azure ? server.AzureV1 : server.V1,
            ["Llm:Model"] = FakeOpenAiReply.Model,
            ["Gemini:RetryBaseDelayMilliseconds"] = "10",
            ["Gemini:AttemptTimeoutSeconds"] = "10",
            ["Gemini:RequestTimeoutSeconds"] = "20",
        };
        if (withKey)
        {
            values["Llm:ApiKey"] = Key;
            server.RequiredKey = Key;
        }

        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var time = new FakeTimeProvider(Incidents.DetectedAt);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddKubeWiseCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new LlmHarness(server, services, time);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
