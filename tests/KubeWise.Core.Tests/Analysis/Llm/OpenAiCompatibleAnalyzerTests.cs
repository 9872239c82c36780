using System.Text.Json;
using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using Microsoft.Extensions.DependencyInjection;
using KubeWise.Testing.OpenAi;

namespace KubeWise.Core.Tests.Analysis.Llm;

/// <summary>Analysis with an OpenAI-compatible model (Ollama, vLLM, LM Studio, Azure OpenAI v1): the request on the wire, every answer shape, every fallback.</summary>
public class OpenAiCompatibleAnalyzerTests
{
    private static object PlaceholderAnswer(params object[] commands) => new
    {
        root_cause = "redacted-pod-1 of redacted-deployment-1 crashes on start after the latest rollout.",
        severity = "HIGH",
        description = "Pods of redacted-deployment-1 in redacted-ns-1 restart repeatedly.",
        confidence = 0.8,
        commands,
    };

    private static readonly object Restart = new { operation = "restart_deployment", name = "redacted-deployment-1", ns = "redacted-ns-1", rationale = "Clear state." };

    [Fact]
    public async Task Analyze_JsonSchemaAnswer_SendsChatCompletionWithSchemaAndReturnsTheModelsAnalysis()
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Json(PlaceholderAnswer(Restart), promptTokens: 640, completionTokens: 120));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Null(result.FallbackReason);
        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        Assert.Equal(FakeOpenAiReply.Model, result.Model);
        Assert.Equal(new TokenUsage(640, 120, 760), result.Usage);
        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        Assert.Equal("checkout-7d9f8-x2k4q of checkout crashes on start after the latest rollout.", result.RootCause);
        Assert.Equal("openai-compatible", result.Call!.Provider);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Null(request.Header("authorization"));
        var body = request.Json;
        Assert.Equal(FakeOpenAiReply.Model, body.GetProperty("model").GetString());
        Assert.Equal(["system", "user"], body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var format = body.GetProperty("response_format");
        Assert.Equal("json_schema", format.GetProperty("type").GetString());
        var schema = format.GetProperty("json_schema").GetProperty("schema");
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["LOW", "MEDIUM", "HIGH", "CRITICAL"], schema.GetProperty("properties").GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(4096, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task Analyze_AnswerInCodeFence_IsReadLikePlainJson()
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Fenced(PlaceholderAnswer(Restart)));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Null(result.FallbackReason);
        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
    }

    [Fact]
    public async Task Analyze_ThinkingBeforeTheJson_IsLeftOutAndTheJsonRead()
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Thinking(PlaceholderAnswer(Restart)));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Null(result.FallbackReason);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
    }

    [Fact]
    public async Task Analyze_ProseInsteadOfJson_RulesAnswerWithTheReason()
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Content("The checkout pod is crash-looping; I would restart it."));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Equal(FallbackCause.GeminiFailed, result.Fallback);
        Assert.StartsWith("The OpenAI-compatible model failed (UnparseableOutput)", result.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(700, 150, 850), result.Usage);
        // What was sent is kept even though the rules answered.
        Assert.Equal(Assert.Single(h.Server.Requests).Body, Assert.Single(result.Call!.Exchanges).RequestBody);
    }

    [Fact]
    public async Task Analyze_ToolCallsWithAnInventedParameter_ThatProposalIsDroppedTheRestKept()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Gemini:OutputMode"] = "FunctionCalling" });
        h.Server.Enqueue(FakeOpenAiReply.ToolCalls(
            ("report_analysis", new { root_cause = "Bad rollout of redacted-deployment-1", severity = "CRITICAL", description = "All pods crash.", confidence = 0.9 }),
            ("rollback_deployment", new { name = "redacted-deployment-1", ns = "redacted-ns-1" }),
            ("restart_deployment", new { name = "redacted-deployment-1", ns = "redacted-ns-1", force = true, grace_period = 0 })));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        Assert.Equal("Bad rollout of checkout", result.RootCause);
        Assert.Equal(["rollback_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        var dropped = Assert.Single(result.Dropped);
        Assert.StartsWith("restart_deployment", dropped.Proposal, StringComparison.Ordinal);
        Assert.Contains("force", dropped.Reason, StringComparison.Ordinal);

        var body = Assert.Single(h.Server.Requests).Json;
        Assert.Equal("required", body.GetProperty("tool_choice").GetString());
        var tools = body.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("report_analysis", tools);
        Assert.Contains("restart_deployment", tools);
        Assert.False(body.TryGetProperty("response_format", out _));
    }

    [Fact]
    public async Task Analyze_AzureOpenAiV1_KeyGoesInTheApiKeyHeaderAndIsNotRecorded()
    {
        await using var h = await LlmHarness.StartAsync(azure: true, withKey: true);
        h.Server.Enqueue(FakeOpenAiReply.Json(PlaceholderAnswer(Restart)));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Null(result.FallbackReason);
        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.PathAndQuery);
        Assert.Equal(LlmHarness.Key, request.Header("api-key"));
        Assert.Null(request.Header("authorization"));
        var exchange = Assert.Single(result.Call!.Exchanges);
        Assert.DoesNotContain(exchange.RequestHeaders.Keys, k => k is "api-key" or "authorization");
        Assert.DoesNotContain(LlmHarness.Key, JsonSerializer.Serialize(exchange), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_BearerKey_SentAsAuthorizationAndNotRecorded()
    {
        await using var h = await LlmHarness.StartAsync(withKey: true);
        h.Server.Enqueue(FakeOpenAiReply.Json(PlaceholderAnswer(Restart)));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Null(result.FallbackReason);
        Assert.Equal($"Bearer {LlmHarness.Key}", Assert.Single(h.Server.Requests).Header("authorization"));
        Assert.DoesNotContain(LlmHarness.Key, JsonSerializer.Serialize(result.Call!.Exchanges), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_WrongKey_RulesAnswerNamingTheSetting()
    {
        await using var h = await LlmHarness.StartAsync(withKey: true);
        h.Server.RequiredKey = "another-key";

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("HTTP 401: Incorrect API key provided. (check Llm:ApiKey)", result.FallbackReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("length", "MaxTokens")]
    [InlineData("content_filter", "Safety")]
    public async Task Analyze_CutOffOrFilteredAnswer_RulesAnswer(string finishReason, string failure)
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Finish(finishReason));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.StartsWith($"The OpenAI-compatible model failed ({failure})", result.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_ServerDown_RulesAnswerSayingItCouldNotBeReached()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Gemini:MaxRetries"] = "0" });
        await h.Server.DisposeAsync();

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("(Unreachable)", result.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("could not be reached", result.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_StructuredOutputNone_NoResponseFormatIsSentAndTheAnswerIsStillReadStrictly()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Llm:StructuredOutput"] = "None" });
        h.Server.Enqueue(FakeOpenAiReply.Json(PlaceholderAnswer(Restart)));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        Assert.False(Assert.Single(h.Server.Requests).Json.TryGetProperty("response_format", out _));
    }

    [Fact]
    public async Task Health_ServerListsTheModel_Healthy_OtherwiseUnhealthyNamingTheSetting()
    {
        await using var h = await LlmHarness.StartAsync();
        await using var other = await LlmHarness.StartAsync(new() { ["Llm:Model"] = "mistral:7b" });

        var healthy = await h.Services.GetRequiredService<GeminiHealth>().CheckAsync(CancellationToken.None);
        var wrong = await other.Services.GetRequiredService<GeminiHealth>().CheckAsync(CancellationToken.None);

        Assert.Equal(("healthy", $"Model {FakeOpenAiReply.Model} at {h.Server.V1} answers."), (healthy.Status, healthy.Message));
        Assert.Equal("unhealthy", wrong.Status);
        Assert.Contains($"does not list model mistral:7b (it lists: {FakeOpenAiReply.Model}); check Llm:Model", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OpenAiCompatible_VerdictFromTheModel()
    {
        await using var h = await LlmHarness.StartAsync();
        h.Server.Enqueue(FakeOpenAiReply.Fenced(new { resolved = true, reasoning = "Restarts of redacted-pod-1 stopped.", confidence = 0.9 }));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 0), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        Assert.True(result.Resolved);
        Assert.Equal("verification", Assert.Single(result.Call!.Exchanges).Purpose);
    }
}
