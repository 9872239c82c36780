using System.Text.Json;
using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Detection;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.OpenAi;

namespace KubeWise.Core.Tests.Analysis.Llm;

/// <summary>
/// What leaves the cluster: the request the model server received is byte for byte the one KubeWise records, carries no
/// credentials and no real name — namespaces, workload, pod, container and node names, label values, IP addresses, also
/// inside evidence feature names — and the token caps hold.
/// </summary>
public class WhatWasSentTests
{
    private const string PodIp = "10.244.3.17";
    private const string NodeIp = "192.168.49.2";

    // Every real name of the incident below; none may appear in anything sent.
    private static readonly string[] RealValues =
    [
        "shop", "checkout", "checkout-7d9f8", "checkout-7d9f8-x2k4q", "worker-2", "payments-team", PodIp, NodeIp, "ledger-sidecar",
    ];

    private static AnalysisRequest Incident(int evidence = 0) => new AnalysisRequest(
        new AnomalyInput(
            "a-crash-1",
            new EntityRef("pod", "shop", "checkout-7d9f8-x2k4q"),
            -0.42,
            DetectorIds.CrashLoopBackOff,
            [
                new AnomalyEvidence(DetectorIds.CrashLoopBackOff, "restarts", 7, 0, 0.8, $"7 restarts in 10 min of checkout-7d9f8-x2k4q on {PodIp}"),
                new AnomalyEvidence(DetectorIds.IsolationForest, "memory_ledger-sidecar", 480, 300, 0.15, "ledger-sidecar memory"),
                new AnomalyEvidence(DetectorIds.IsolationForest, "network_errors_worker-2", 3, 0, 0.05, $"errors towards {NodeIp}"),
                .. Enumerable.Range(0, evidence).Select(i => new AnomalyEvidence(DetectorIds.IsolationForest, $"feature_{i}", i, 0, 0.001 * i,
                    $"padding evidence number {i} with a long explanation so that the prompt grows well past a small input cap")),
            ],
            Incidents.DetectedAt),
        new EntityFacts(
            Labels: new Dictionary<string, string> { ["app"] = "checkout", ["team"] = "payments-team" },
            Owners: [new("replicaset", "shop", "checkout-7d9f8"), Incidents.Deployment],
            NodeName: "worker-2",
            Containers: [new("checkout"), new("ledger-sidecar")],
            Conditions: [$"Ready=False on worker-2 ({NodeIp})"],
            Baseline: new Dictionary<string, double> { ["restarts"] = 0, ["memory_ledger-sidecar"] = 300 })).WithLive();

    private static readonly object Answer = new
    {
        root_cause = "redacted-container-1 of redacted-pod-1 runs out of memory.",
        severity = "HIGH",
        description = "Pods of redacted-deployment-1 restart.",
        confidence = 0.7,
        commands = new[] { new { operation = "restart_deployment", name = "redacted-deployment-1", ns = "redacted-ns-1" } },
    };

    [Fact]
    public async Task OpenAiCompatible_WhatTheServerReceivedIsWhatIsRecorded_AndHoldsNoRealName()
    {
        await using var h = await LlmHarness.StartAsync(withKey: true);
        h.Server.Enqueue(FakeOpenAiReply.Json(Answer));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        var received = Assert.Single(h.Server.Requests);
        var exchange = Assert.Single(result.Call!.Exchanges);
        Assert.Equal(received.Body, exchange.RequestBody);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(received.Body), exchange.RequestBytes);
        Assert.False(exchange.RequestTruncated);
        Assert.Equal($"{h.Server.V1}/chat/completions", exchange.Url);
        Assert.Equal(200, exchange.Status);
        Assert.Contains("\"chat.completion\"", exchange.ResponseBody, StringComparison.Ordinal);
        Assert.Equal("analysis", exchange.Purpose);
        Assert.Equal("openai-compatible", exchange.Provider);
        Assert.Equal(FakeOpenAiReply.Model, exchange.Model);
        Assert.All(RealValues, real => Assert.DoesNotContain(real, received.Body, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(LlmHarness.Key, JsonSerializer.Serialize(exchange), StringComparison.Ordinal);
        // The answer still comes back in real names.
        Assert.Equal("ledger-sidecar of checkout-7d9f8-x2k4q runs out of memory.", result.RootCause);
        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
    }

    [Fact]
    public async Task Gemini_WhatTheServerReceivedIsWhatIsRecorded_WithoutTheApiKey()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(Answer));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        var received = Assert.Single(h.Server.Requests);
        var exchange = Assert.Single(result.Call!.Exchanges);
        Assert.Equal("gemini", exchange.Provider);
        Assert.Equal(received.Body, exchange.RequestBody);
        Assert.Equal(GeminiHarness.ApiKey, received.Header("x-goog-api-key"));
        Assert.DoesNotContain("x-goog-api-key", exchange.RequestHeaders.Keys);
        Assert.DoesNotContain(GeminiHarness.ApiKey, JsonSerializer.Serialize(exchange), StringComparison.Ordinal);
        Assert.All(RealValues, real => Assert.DoesNotContain(real, received.Body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Gemini_RetriedCall_EveryAttemptIsRecorded()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Error(503, "UNAVAILABLE", "try again"), FakeGeminiReply.Json(Answer));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        Assert.Equal([503, 200], result.Call!.Exchanges.Select(e => e.Status));
        Assert.Equal(h.Server.Requests.Select(r => r.Body), result.Call.Exchanges.Select(e => e.RequestBody));
    }

    [Fact]
    public async Task RecordedBodies_AreCutAtTheConfiguredSize()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Llm:MaxRecordedBytes"] = "1024" });
        h.Server.Enqueue(FakeOpenAiReply.Json(Answer));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        var exchange = Assert.Single(result.Call!.Exchanges);
        Assert.True(exchange.RequestTruncated);
        Assert.True(exchange.RequestBytes > 1024);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(exchange.RequestBody) <= 1024);
        Assert.StartsWith(exchange.RequestBody, Assert.Single(h.Server.Requests).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputCap_LowestContributionEvidenceIsLeftOutFirst()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Llm:MaxInputTokensPerCall"] = "2000" });
        h.Server.Enqueue(FakeOpenAiReply.Json(Answer));

        var result = await h.Analyzer.AnalyzeAsync(Incident(evidence: 20), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, result.Backend);
        var body = Assert.Single(h.Server.Requests).Body;
        Assert.True(body.Length / 4 <= 2000 * 1.2, $"the request is {body.Length} characters");
        Assert.True(result.Call!.TrimmedEvidence > 0, $"nothing trimmed; {body.Length} characters");
        Assert.Contains("7 restarts in 10 min", body, StringComparison.Ordinal);
        Assert.DoesNotContain("padding evidence number 0 ", body, StringComparison.Ordinal);
        Assert.Contains("padding evidence number 19 ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HourlyCap_OnceSpentTheRulesAnswerWithBudget_AndAnHourLaterTheModelAgain()
    {
        await using var h = await LlmHarness.StartAsync(new() { ["Llm:HourlyTokenBudget"] = "1000" });
        h.Server.Enqueue(FakeOpenAiReply.Json(Answer, promptTokens: 900, completionTokens: 150), FakeOpenAiReply.Json(Answer));

        var first = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);
        var second = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        var third = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Llm, first.Backend);
        Assert.Equal(AnalysisBackend.Rules, second.Backend);
        Assert.Equal(FallbackCause.HourlyBudget, second.Fallback);
        Assert.StartsWith("budget: openai-compatible spent 1050 of its 1000 tokens in the last hour", second.FallbackReason, StringComparison.Ordinal);
        Assert.Null(second.Call);
        Assert.Equal(AnalysisBackend.Llm, third.Backend);
        Assert.Equal(2, h.Server.Requests.Count);
    }
}
