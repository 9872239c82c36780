using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Configuration;
using KubeWise.Testing.Gemini;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>
/// Request building, response parsing, resilience and fallback do not depend on the transport: replacing only the
/// <see cref="IGeminiEndpoint"/> (as Vertex AI will, issue 10) sends the same body to another URL with other credentials.
/// </summary>
public class SecondTransportTests
{
    [Fact]
    public async Task Analyze_WithAnotherEndpoint_SameBodyOtherUrlAndCredentials()
    {
        await using var server = await FakeGeminiServer.StartAsync();
        server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gemini:RetryBaseDelayMilliseconds"] = "10" })
            .AddSeedAliases()
            .Build();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IGeminiEndpoint>(new BearerEndpoint(server.BaseAddress))
            .AddKubeWiseCore(configuration)
            .BuildServiceProvider();

        var result = await services.GetRequiredService<IAnomalyAnalyzer>().AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/projects/demo/locations/global/publishers/google/models/gemini-3.8-flash:generateContent", request.PathAndQuery);
        Assert.Equal("Bearer token-1", request.Header("authorization"));
        Assert.Null(request.Header("x-goog-api-key"));
        Assert.Equal("application/json", request.Json.GetProperty("generationConfig").GetProperty("responseMimeType").GetString());
    }

    private sealed class BearerEndpoint(Uri baseAddress) : IGeminiEndpoint
    {
        public string Model => "gemini-3.8-flash";

        public bool IsConfigured => true;

        public string UnconfiguredReason => "no credentials";

        public Uri ModelUri => new(baseAddress, $"/v1/projects/demo/locations/global/publishers/google/models/{Model}");

        public Uri GenerateContentUri => new($"{ModelUri.AbsoluteUri}:generateContent");

        public ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", "token-1");
            return ValueTask.CompletedTask;
        }
    }
}
