using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Testing.Gemini;

namespace KubeWise.Core.Tests.Analysis.Vertex;

/// <summary>Analysis through Vertex AI: the regional URL, a bearer token from the service-account key or the metadata server, the shared body.</summary>
public class VertexAnalyzerTests
{
    [Fact]
    public async Task Analyze_ServiceAccountKey_CallsVertexUrlWithBearerFromTheKeysTokenUri()
    {
        await using var h = await VertexHarness.StartAsync();
        h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.True(result.FallbackReason is null, result.FallbackReason);
        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        var request = Assert.Single(h.Gemini.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(VertexHarness.GenerateContentPath, request.PathAndQuery);
        Assert.Equal("Bearer ya29.fake-1", request.Header("authorization"));
        Assert.Null(request.Header("x-goog-api-key"));
        Assert.Equal(AnalysisPrompt.SystemInstruction, request.Json.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString());
        Assert.Equal(["ya29.fake-1"], h.Tokens.IssuedTokens);
        Assert.Empty(h.Tokens.Rejections);
    }

    [Fact]
    public async Task Analyze_ShortLivedTokens_CachedWhileFreshAndRefreshedBeforeTheyExpire()
    {
        await using var h = await VertexHarness.StartAsync();
        h.Tokens.TokenLifetime = TimeSpan.FromMinutes(10);
        for (var i = 0; i < 4; i++)
        {
            h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));
        }

        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        // 30 s before token 1 expires: still valid at the server, but too close to expiry to be sent.
        h.Time.Advance(TimeSpan.FromMinutes(7.5));
        Assert.True(h.Tokens.IsValid("ya29.fake-1"));
        var third = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(h.Tokens.IsValid("ya29.fake-1"));
        var fourth = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(
            ["Bearer ya29.fake-1", "Bearer ya29.fake-1", "Bearer ya29.fake-2", "Bearer ya29.fake-2"],
            h.Gemini.Requests.Select(r => r.Header("authorization")));
        Assert.Equal(["ya29.fake-1", "ya29.fake-2"], h.Tokens.IssuedTokens);
        Assert.Equal(AnalysisBackend.Gemini, third.Backend);
        Assert.Equal(AnalysisBackend.Gemini, fourth.Backend);
    }

    [Fact]
    public async Task Analyze_ConcurrentCallsWithoutToken_FetchOneTokenForAll()
    {
        await using var h = await VertexHarness.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(AnalysisBackend.Gemini, r.Backend));
        Assert.Single(h.Tokens.IssuedTokens);
    }

    [Fact]
    public async Task Analyze_MetadataServer_BearerFromWorkloadIdentityEndpoint()
    {
        await using var h = await VertexHarness.StartAsync("metadata");
        h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal("Bearer ya29.fake-1", Assert.Single(h.Gemini.Requests).Header("authorization"));
        Assert.Empty(h.Tokens.Rejections);
    }

    [Fact]
    public async Task Analyze_KeyTheTokenServerDoesNotTrust_RulesAnswerNamingTheCredentials()
    {
        await using var h = await VertexHarness.StartAsync("foreign-key");
        h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("Credentials", result.FallbackReason);
        Assert.Contains("Vertex:CredentialsFile", result.FallbackReason);
        Assert.Equal(["bad signature"], h.Tokens.Rejections);
        Assert.Empty(h.Gemini.Requests);
    }

    [Fact]
    public async Task Analyze_TokenRejectedByVertex_RulesAnswerWithTheHttpError()
    {
        await using var h = await VertexHarness.StartAsync();
        h.Gemini.AcceptBearer = _ => false;
        h.Gemini.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("HTTP 401 UNAUTHENTICATED", result.FallbackReason);
        Assert.Contains("roles/aiplatform.user", result.FallbackReason);
        Assert.Equal(FallbackCause.GeminiFailed, result.Fallback);
        Assert.Single(h.Gemini.Requests);
    }

    [Fact]
    public async Task Analyze_VertexWithoutProject_RulesAnswerNamingTheSetting()
    {
        await using var h = await VertexHarness.StartAsync(settings: new() { ["Vertex:Project"] = null });

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Equal("Vertex:Project is not set (Gemini:Provider is VertexAi).", result.FallbackReason);
        Assert.Equal(FallbackCause.NotConfigured, result.Fallback);
        Assert.Empty(h.Gemini.Requests);
        Assert.Empty(h.Tokens.IssuedTokens);
    }

    [Fact]
    public async Task Health_Vertex_AsksPublisherModelWithBearer()
    {
        await using var h = await VertexHarness.StartAsync();
        h.Gemini.Enqueue(FakeGeminiReply.Model("gemini-3.8-flash"));

        var health = await h.Health.CheckAsync(CancellationToken.None);

        Assert.Equal("healthy", health.Status);
        var request = Assert.Single(h.Gemini.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1beta1/publishers/google/models/gemini-3.8-flash", request.PathAndQuery);
        Assert.Equal("Bearer ya29.fake-1", request.Header("authorization"));
    }
}
