using KubeWise.Core.Analysis;
using KubeWise.Testing.Gemini;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>What the analyzer returns for every shape of Gemini answer, including each fallback to the rules.</summary>
public class GeminiAnalyzerTests
{
    private static readonly string[] RuleCommands = ["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"];

    [Fact]
    public async Task Analyze_StructuredJsonAnswer_ReturnsGeminiAnalysisWithValidatedCommandsAndUsage()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer(), promptTokens: 900, answerTokens: 120));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal("gemini-3.8-flash", result.Model);
        Assert.Null(result.FallbackReason);
        Assert.Equal("The checkout container crashes on start after the latest rollout.", result.RootCause);
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal(0.82, result.Confidence);
        Assert.Equal(["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        Assert.Equal("Clear transient state.", result.Commands[0].Rationale);
        Assert.Empty(result.Dropped);
        Assert.Equal(new TokenUsage(900, 120, 1020), result.Usage);
    }

    [Fact]
    public async Task Analyze_FunctionCallAnswer_ReturnsGeminiAnalysisWithValidatedCommands()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:OutputMode"] = "FunctionCalling" });
        h.Server.Enqueue(FakeGeminiReply.FunctionCalls(
            ("report_analysis", new { root_cause = "Bad rollout", severity = "CRITICAL", description = "All pods crash.", confidence = 0.9 }),
            ("rollback_deployment", new { name = "checkout", ns = "shop" }),
            ("scale_deployment", new { name = "checkout", ns = "shop", replicas = 4 })));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(Severity.Critical, result.Severity);
        Assert.Equal("Bad rollout", result.RootCause);
        Assert.Equal(["rollback_deployment name=checkout ns=shop", "scale_deployment name=checkout ns=shop replicas=4"], result.Commands.Select(c => c.Command));
        Assert.Equal(new TokenUsage(905, 121, 1026), result.Usage);
    }

    [Fact]
    public async Task Analyze_TooManyRequestsWithRetryAfter_WaitsThatLongThenUsesTheAnswer()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.TooManyRequests(retryAfterSeconds: 1), FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        var requests = h.Server.Requests;
        Assert.Equal(2, requests.Count);
        // The base backoff is 10 ms here: a pause near one second can only come from Retry-After.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900),
            $"second attempt came {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms after the first");
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Analyze_TransientServerErrors_RetriedUntilAnswer(int status)
    {
        await using var h = await GeminiHarness.StartAsync();
        var error = FakeGeminiReply.Error(status, "UNAVAILABLE", "try again");
        h.Server.Enqueue(error, error, FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(3, h.Server.Requests.Count);
    }

    [Fact]
    public async Task Analyze_ServerErrorsOutlastRetries_RulesAnswerAndSaySo()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:MaxRetries"] = "2" });
        h.Server.Enqueue(FakeGeminiReply.InternalError(), FakeGeminiReply.InternalError(), FakeGeminiReply.InternalError(), FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(3, h.Server.Requests.Count);
        AssertRulesAnswered(result, "HttpError", "HTTP 500", "INTERNAL");
    }

    [Theory]
    [InlineData(400, "INVALID_ARGUMENT", "")]
    [InlineData(403, "PERMISSION_DENIED", "GEMINI_API_KEY")]
    [InlineData(404, "NOT_FOUND", "Gemini:Model")]
    public async Task Analyze_ClientErrors_NeverRetriedRulesAnswer(int status, string statusText, string hint)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Error(status, statusText, "refused"), FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Single(h.Server.Requests);
        AssertRulesAnswered(result, $"HTTP {status}", statusText, hint);
    }

    [Fact]
    public async Task Analyze_WrongApiKey_RealApiRejectionReachesTheEvent()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.RequiredApiKey = "another-key";

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Single(h.Server.Requests);
        AssertRulesAnswered(result, "API key not valid");
    }

    [Fact]
    public async Task Analyze_RetryAfterLongerThanAllowed_NotRetriedRulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:MaxRetryAfterSeconds"] = "30" });
        h.Server.Enqueue(FakeGeminiReply.TooManyRequests(retryAfterSeconds: 120), FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Single(h.Server.Requests);
        AssertRulesAnswered(result, "HTTP 429", "RESOURCE_EXHAUSTED");
    }

    [Theory]
    [InlineData("SAFETY", "Safety")]
    [InlineData("MAX_TOKENS", "MaxTokens")]
    [InlineData("RECITATION", "Recitation")]
    [InlineData("MALFORMED_FUNCTION_CALL", "MalformedFunctionCall")]
    [InlineData("OTHER", "UnexpectedFinish")]
    public async Task Analyze_FinishReasonOtherThanStop_RulesAnswerAndTokensStillCounted(string finishReason, string failure)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Finish(finishReason, partialText: finishReason == "MAX_TOKENS" ? "{\"root_cause\": \"Memory" : null, promptTokens: 700, answerTokens: 50));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Single(h.Server.Requests);
        AssertRulesAnswered(result, failure, finishReason);
        Assert.Equal(new TokenUsage(700, 50, 750), result.Usage);
    }

    [Fact]
    public async Task Analyze_BlockedPrompt_RulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.BlockedPrompt("PROHIBITED_CONTENT"));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        AssertRulesAnswered(result, "PromptBlocked", "PROHIBITED_CONTENT");
        Assert.Equal(640, result.Usage.TotalTokens);
    }

    [Fact]
    public async Task Analyze_EmptyCandidates_RulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.EmptyCandidates());

        AssertRulesAnswered(await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None), "EmptyCandidates");
    }

    [Fact]
    public async Task Analyze_MalformedJson_RulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.MalformedJson());

        AssertRulesAnswered(await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None), "UnparseableOutput", "not valid JSON");
    }

    [Theory]
    [InlineData("""{"root_cause":"x","severity":"URGENT","description":"d","confidence":0.5}""", "severity 'URGENT'")]
    [InlineData("""{"severity":"LOW","description":"d","confidence":0.5}""", "'root_cause'")]
    [InlineData("""{"root_cause":"x","severity":"LOW","description":"d","confidence":"high"}""", "'confidence'")]
    [InlineData("""{"root_cause":"x","severity":"LOW","description":"d","confidence":0.5,"commands":"restart everything"}""", "'commands'")]
    [InlineData("""["restart_deployment name=checkout ns=shop"]""", "not a JSON object")]
    public async Task Analyze_AnswerOffSchema_RulesAnswerNamingTheField(string answer, string problem)
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Text(answer));

        AssertRulesAnswered(await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None), "UnparseableOutput", problem);
    }

    [Fact]
    public async Task Analyze_FunctionCallsWithoutReport_RulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:OutputMode"] = "FunctionCalling" });
        h.Server.Enqueue(FakeGeminiReply.FunctionCalls(("restart_deployment", new { name = "checkout", ns = "shop" })));

        AssertRulesAnswered(await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None), "exactly one report_analysis");
    }

    [Fact]
    public async Task Analyze_SlowAnswer_TimesOutAndRulesAnswer()
    {
        await using var h = await GeminiHarness.StartAsync(new()
        {
            ["Gemini:AttemptTimeoutSeconds"] = "1",
            ["Gemini:RequestTimeoutSeconds"] = "1",
            ["Gemini:MaxRetries"] = "0",
        });
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()).After(TimeSpan.FromSeconds(10)));

        var started = TimeProvider.System.GetTimestamp();
        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(8), "the call is abandoned at the configured timeout, not when the server answers");
        AssertRulesAnswered(result, "Unreachable", "did not answer in time");
    }

    [Fact]
    public async Task Analyze_SlowFirstAttempt_AbandonedAndRetried()
    {
        await using var h = await GeminiHarness.StartAsync(new()
        {
            ["Gemini:AttemptTimeoutSeconds"] = "2",
            ["Gemini:RequestTimeoutSeconds"] = "15",
            ["Gemini:MaxRetries"] = "1",
        });
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()).After(TimeSpan.FromSeconds(10)), FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(2, h.Server.Requests.Count);
    }

    [Fact]
    public async Task Analyze_NoApiKey_RulesAnswerWithoutCallingGemini()
    {
        await using var h = await GeminiHarness.StartAsync(withKey: false);

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Empty(h.Server.Requests);
        AssertRulesAnswered(result, "GEMINI_API_KEY is not set.");
    }

    [Fact]
    public async Task Analyze_AutoAnalysisOff_RulesAnswerWithoutCallingGemini()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["GEMINI_AUTO_ANALYSIS"] = "false" });

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Empty(h.Server.Requests);
        AssertRulesAnswered(result, "GEMINI_AUTO_ANALYSIS is off.");
    }

    [Fact]
    public async Task Analyze_TokenBudgetSpent_RulesAnswerWithoutCallingGemini()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:TokenBudgetPerIncident"] = "5000" });

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(tokensSpent: 5000), CancellationToken.None);

        Assert.Empty(h.Server.Requests);
        AssertRulesAnswered(result, "token budget is spent (5000 of 5000 tokens)");
    }

    [Fact]
    public async Task Health_ModelAnswers_Healthy()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Model("gemini-3.8-flash"));

        var health = await h.Health.CheckAsync(CancellationToken.None);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1beta/models/gemini-3.8-flash", request.PathAndQuery);
        Assert.Equal(GeminiHarness.ApiKey, request.Header("x-goog-api-key"));
        Assert.Equal("healthy", health.Status);
        Assert.Contains("models/gemini-3.8-flash answers", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ModelUnknown_UnhealthyNamingTheModel()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:Model"] = "gemini-2.0-flash" });
        h.Server.Enqueue(FakeGeminiReply.ModelNotFound("gemini-2.0-flash"));

        var health = await h.Health.CheckAsync(CancellationToken.None);

        Assert.Equal("unhealthy", health.Status);
        Assert.Contains("gemini-2.0-flash", health.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoKey_DisabledWithoutCalling()
    {
        await using var h = await GeminiHarness.StartAsync(withKey: false);

        var health = await h.Health.CheckAsync(CancellationToken.None);

        Assert.Empty(h.Server.Requests);
        Assert.Equal("disabled", health.Status);
    }

    private static void AssertRulesAnswered(AnalysisResult result, params string[] reasonParts)
    {
        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Null(result.Model);
        Assert.NotNull(result.FallbackReason);
        foreach (var part in reasonParts)
        {
            Assert.Contains(part, result.FallbackReason, StringComparison.Ordinal);
        }

        // The crash-loop runbook: restart, then roll back.
        Assert.Equal(Severity.High, result.Severity);
        Assert.Equal(RuleCommands, result.Commands.Select(c => c.Command));
    }
}
