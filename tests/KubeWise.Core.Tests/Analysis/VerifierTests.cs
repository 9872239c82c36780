using KubeWise.Core.Analysis;
using KubeWise.Testing.Gemini;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>Verification: Gemini's verdict when allowed, the rule verifier's comparison with the baseline otherwise.</summary>
public class VerifierTests
{
    [Fact]
    public async Task Verify_GeminiSaysResolved_ResolvedByGemini()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(new { resolved = true, reasoning = "Restarts stopped and memory is back to 310.", confidence = 0.88 }, 500, 40));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 0), CancellationToken.None);

        Assert.True(result.Resolved);
        Assert.Equal("Restarts stopped and memory is back to 310.", result.Reasoning);
        Assert.Equal(0.88, result.Confidence);
        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(new TokenUsage(500, 40, 540), result.Usage);
        Assert.Null(result.FallbackReason);
    }

    [Fact]
    public async Task Verify_AutoVerificationOff_RuleVerifierComparesWithBaseline()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["GEMINI_AUTO_VERIFICATION"] = "false" });

        var resolved = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 0, memoryAfter: 320), CancellationToken.None);
        var unresolved = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 5, memoryAfter: 320), CancellationToken.None);

        Assert.Empty(h.Server.Requests);
        Assert.Equal(AnalysisBackend.Rules, resolved.Backend);
        Assert.Equal("GEMINI_AUTO_VERIFICATION is off.", resolved.FallbackReason);
        Assert.True(resolved.Resolved, resolved.Reasoning);
        Assert.Contains("restarts: before 7, after 0, baseline 0", resolved.Reasoning, StringComparison.Ordinal);
        Assert.False(unresolved.Resolved, unresolved.Reasoning);
        Assert.Contains("1 of 2 anomalous metric(s) have not recovered", unresolved.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_GeminiBlocked_RuleVerifierAnswersAndSaysWhy()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Finish("SAFETY"));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 0), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("Safety", result.FallbackReason, StringComparison.Ordinal);
        Assert.True(result.Resolved);
    }

    [Fact]
    public async Task Verify_GeminiAnswerWithoutVerdict_RuleVerifierAnswers()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(new { reasoning = "looks fine", confidence = 0.9 }));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 6), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("'resolved'", result.FallbackReason, StringComparison.Ordinal);
        Assert.False(result.Resolved);
    }

    [Fact]
    public async Task Verify_NoBaselineToCompare_NotResolvedAndSaysWhy()
    {
        await using var h = await GeminiHarness.StartAsync(withKey: false);
        var request = Verifications.AfterRestart(restartsAfter: 0);
        request = request with
        {
            Facts = request.Facts with { Baseline = null },
            Anomaly = request.Anomaly with { Evidence = [new AnomalyEvidence("forest", "latency", 9)] },
        };

        var result = await h.Verifier.VerifyAsync(request, CancellationToken.None);

        Assert.False(result.Resolved);
        Assert.Contains("cannot be confirmed", result.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PartialRecovery_CountsOnlyWhenMostlyBack()
    {
        await using var h = await GeminiHarness.StartAsync(withKey: false);

        // memory: 480 → 330 with baseline 300 is 83 % of the way back; restarts 7 → 0 is home.
        var mostly = await h.Verifier.VerifyAsync(Verifications.AfterRestart(0, memoryAfter: 330), CancellationToken.None);
        // 480 → 420 is a third of the way: not recovered.
        var barely = await h.Verifier.VerifyAsync(Verifications.AfterRestart(0, memoryAfter: 420), CancellationToken.None);

        Assert.True(mostly.Resolved, mostly.Reasoning);
        Assert.False(barely.Resolved, barely.Reasoning);
        Assert.Contains("memory: before 480, after 420, baseline 300", barely.Reasoning, StringComparison.Ordinal);
    }
}
