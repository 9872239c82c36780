using KubeWise.Core.Analysis;
using KubeWise.Testing.Gemini;

namespace KubeWise.Core.Tests.Analysis.Redaction;

/// <summary>With <c>Gemini:Redaction:Enabled</c>, what the fake Gemini receives holds no real name, and its answer comes back in real names.</summary>
public class RedactedAnalysisTests
{
    private const string Annotation = "Owned by the checkout team of shop; page worker-2 on-call";

    private static readonly string[] RealValues =
    [
        "shop", "checkout", "checkout-7d9f8", "checkout-7d9f8-x2k4q", "worker-2", Annotation, "page",
    ];

    private static Dictionary<string, string?> Redacting => new() { ["Gemini:Redaction:Enabled"] = "true" };

    private static AnalysisRequest Incident() => Incidents.CrashLoop(facts: Incidents.PodFacts(annotation: Annotation));

    private static object PlaceholderAnswer(params object[] commands) => new
    {
        root_cause = "redacted-pod-1 of redacted-deployment-1 crashes on start after the latest rollout.",
        severity = "HIGH",
        description = "Pods of redacted-deployment-1 in redacted-ns-1 restart repeatedly on redacted-node-1.",
        confidence = 0.8,
        commands,
    };

    [Fact]
    public async Task Analyze_RedactionOn_NoRealNameLeavesAndCommandsComeBackReal()
    {
        await using var h = await GeminiHarness.StartAsync(Redacting);
        h.Server.Enqueue(FakeGeminiReply.Json(PlaceholderAnswer(
            new { operation = "restart_deployment", name = "redacted-deployment-1", ns = "redacted-ns-1", rationale = "Clear redacted-pod-1's state." },
            new { operation = "rollback_deployment", name = "redacted-deployment-1", ns = "redacted-ns-1" })));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.All(RealValues, real => Assert.DoesNotContain(real, body, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("redacted-pod-1", body);
        Assert.Contains("redacted-annotation-1", body);
        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
        Assert.Equal(["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        Assert.Equal("Clear checkout-7d9f8-x2k4q's state.", result.Commands[0].Rationale);
        Assert.Equal("checkout-7d9f8-x2k4q of checkout crashes on start after the latest rollout.", result.RootCause);
        Assert.Equal("Pods of checkout in shop restart repeatedly on worker-2.", result.Description);
    }

    [Fact]
    public async Task Analyze_RedactionOff_RealNamesAreSent()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:Redaction:Enabled"] = "false" });
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.Contains("checkout-7d9f8-x2k4q", body);
        Assert.Contains("worker-2", body);
    }

    [Fact]
    public async Task Analyze_RedactionOn_ScreeningJudgesTheMappedBackCommands()
    {
        await using var h = await GeminiHarness.StartAsync(Redacting);
        h.Server.Enqueue(FakeGeminiReply.Json(PlaceholderAnswer(
            new { operation = "restart_deployment", name = "redacted-deployment-1", ns = "redacted-ns-1" },
            new { operation = "cordon_node", name = "redacted-node-1" },
            new { operation = "restart_deployment", name = "redacted-deployment-9", ns = "redacted-ns-1" },
            new { operation = "scale_deployment", name = "ledger", ns = "payments", replicas = 0 })));

        var result = await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        Assert.Equal(3, result.Dropped.Count);
        Assert.Contains(result.Dropped, d => d.Proposal == "cordon_node name=worker-2" && d.Reason.Contains("not a remedy for a pod anomaly", StringComparison.Ordinal));
        Assert.Contains(result.Dropped, d => d.Proposal == "restart_deployment name=redacted-deployment-9 ns=shop");
        Assert.Contains(result.Dropped, d => d.Proposal == "scale_deployment name=ledger ns=payments replicas=0");
    }

    [Fact]
    public async Task Verify_RedactionOn_ExecutedCommandsHiddenReasoningRestored()
    {
        await using var h = await GeminiHarness.StartAsync(Redacting);
        h.Server.Enqueue(FakeGeminiReply.Json(new
        {
            resolved = true,
            reasoning = "Restarts of redacted-pod-1 stopped after restarting redacted-deployment-1.",
            confidence = 0.9,
        }));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 7), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.All(["shop", "checkout", "worker-2"], real => Assert.DoesNotContain(real, body, StringComparison.Ordinal));
        Assert.Contains("restart_deployment name=redacted-deployment-1 ns=redacted-ns-1", body);
        Assert.Equal("Restarts of checkout-7d9f8-x2k4q stopped after restarting checkout.", result.Reasoning);
    }

    [Fact]
    public async Task Analyze_ByDefault_NoRealNameLeaves()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(PlaceholderAnswer()));

        await h.Analyzer.AnalyzeAsync(Incident(), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.All(RealValues, real => Assert.DoesNotContain(real, body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Verify_CommandParametersTheFactsDoNotList_AreHiddenToo()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(new { resolved = false, reasoning = "redacted-container-1 still runs out of memory.", confidence = 0.7 }));

        // The verification's facts carry no containers; the executed command names one ("app"): short names too are hidden.
        var request = Verifications.AfterRestart(7, 480, 0, "set_resources name=checkout ns=shop container=app memory_limit=768Mi", "cordon_node name=worker-9")
            with { Facts = new EntityFacts(Baseline: new Dictionary<string, double> { ["restarts"] = 0 }) };
        var result = await h.Verifier.VerifyAsync(request, CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.Contains("set_resources name=redacted-deployment-1 ns=redacted-ns-1 container=redacted-container-1 memory_limit=768Mi", body, StringComparison.Ordinal);
        Assert.Contains("cordon_node name=redacted-node-1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("worker-9", body, StringComparison.Ordinal);
        Assert.DoesNotContain("container=app", body, StringComparison.Ordinal);
        Assert.Equal("app still runs out of memory.", result.Reasoning);
    }

    [Fact]
    public async Task Analyze_AddressesInEvidenceAndConditions_AreHidden()
    {
        await using var h = await GeminiHarness.StartAsync();
        h.Server.Enqueue(FakeGeminiReply.Json(PlaceholderAnswer()));
        var incident = Incident();
        incident = incident with
        {
            Anomaly = incident.Anomaly with
            {
                Evidence = [.. incident.Anomaly.Evidence, new AnomalyEvidence("NodeNotReady", "ready", 0, 1, 0.1, "kubelet at 10.20.30.41:10250 and fd00:10:96::a stopped posting status")],
            },
            Facts = incident.Facts with { Conditions = ["Ready=False: node 10.20.30.41 is unreachable"] },
        };

        await h.Analyzer.AnalyzeAsync(incident, CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Body;
        Assert.DoesNotContain("10.20.30.41", body, StringComparison.Ordinal);
        Assert.DoesNotContain("fd00:10:96::a", body, StringComparison.Ordinal);
        Assert.Contains("redacted-ip-1:10250", body, StringComparison.Ordinal);
    }
}
