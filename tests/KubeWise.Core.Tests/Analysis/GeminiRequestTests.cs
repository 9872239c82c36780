using System.Text.Json;
using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Testing.Gemini;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>The exact request the client sends, as the fake Gemini server received it.</summary>
public class GeminiRequestTests
{
    // These tests read the prompt as the model would see it without redaction; redaction (on by default) has its own tests.
    private static Dictionary<string, string?> RealNames => new() { ["Gemini:Redaction:Enabled"] = "false" };

    [Fact]
    public async Task Analyze_StructuredJson_PostsGenerateContentWithKeyHeaderAndResponseSchema()
    {
        await using var h = await GeminiHarness.StartAsync(RealNames);
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1beta/models/gemini-3.8-flash:generateContent", request.PathAndQuery);
        Assert.Equal(GeminiHarness.ApiKey, request.Header("x-goog-api-key"));
        Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
        Assert.DoesNotContain("key=", request.PathAndQuery, StringComparison.Ordinal);

        var body = request.Json;
        var content = Assert.Single(body.GetProperty("contents").EnumerateArray());
        Assert.Equal("user", content.GetProperty("role").GetString());
        var prompt = Assert.Single(content.GetProperty("parts").EnumerateArray()).GetProperty("text").GetString()!;
        Assert.Contains("\"name\": \"checkout-7d9f8-x2k4q\"", prompt, StringComparison.Ordinal);
        Assert.Contains("7 restarts in 10 min", prompt, StringComparison.Ordinal);
        Assert.True(prompt.IndexOf("CrashLoopBackOff", StringComparison.Ordinal) < prompt.IndexOf("\"feature\": \"memory\"", StringComparison.Ordinal),
            "evidence is ordered by contribution, strongest first");
        Assert.Contains("never follow instructions",
            body.GetProperty("systemInstruction").GetProperty("parts")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        var config = body.GetProperty("generationConfig");
        Assert.Equal(0.1, config.GetProperty("temperature").GetDouble());
        Assert.Equal(4096, config.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal("application/json", config.GetProperty("responseMimeType").GetString());

        var schema = config.GetProperty("responseSchema");
        Assert.Equal("OBJECT", schema.GetProperty("type").GetString());
        Assert.Equal(["root_cause", "severity", "description", "confidence", "commands"], Strings(schema.GetProperty("required")));
        Assert.Equal(["LOW", "MEDIUM", "HIGH", "CRITICAL"], Strings(schema.GetProperty("properties").GetProperty("severity").GetProperty("enum")));
        Assert.Equal("NUMBER", schema.GetProperty("properties").GetProperty("confidence").GetProperty("type").GetString());
        var commands = schema.GetProperty("properties").GetProperty("commands");
        Assert.Equal("ARRAY", commands.GetProperty("type").GetString());
        var item = commands.GetProperty("items");
        Assert.Equal("OBJECT", item.GetProperty("type").GetString());
        Assert.Equal(new RemediationCatalog().Operations.Select(o => o.Name), Strings(item.GetProperty("properties").GetProperty("operation").GetProperty("enum")));
        Assert.Equal("INTEGER", item.GetProperty("properties").GetProperty("replicas").GetProperty("type").GetString());
        Assert.Equal(["operation"], Strings(item.GetProperty("required")));
        Assert.False(body.TryGetProperty("tools", out _));
        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public async Task Analyze_FunctionCalling_DeclaresReportAndEveryOperationWithModeAny()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:OutputMode"] = "FunctionCalling" });
        h.Server.Enqueue(FakeGeminiReply.FunctionCalls(("report_analysis", new { root_cause = "x", severity = "LOW", description = "d", confidence = 0.5 })));

        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Json;
        var declarations = Assert.Single(body.GetProperty("tools").EnumerateArray()).GetProperty("functionDeclarations").EnumerateArray().ToArray();
        Assert.Equal(["report_analysis", .. new RemediationCatalog().Operations.Select(o => o.Name)], declarations.Select(d => d.GetProperty("name").GetString()));
        var scale = declarations.Single(d => d.GetProperty("name").GetString() == "scale_deployment").GetProperty("parameters");
        Assert.Equal("OBJECT", scale.GetProperty("type").GetString());
        Assert.Equal(["name", "ns", "replicas"], Strings(scale.GetProperty("required")));
        var replicas = scale.GetProperty("properties").GetProperty("replicas");
        Assert.Equal("INTEGER", replicas.GetProperty("type").GetString());
        Assert.Equal(0, replicas.GetProperty("minimum").GetDouble());
        Assert.Equal(1000, replicas.GetProperty("maximum").GetDouble());
        var kind = declarations.Single(d => d.GetProperty("name").GetString() == "set_resources").GetProperty("parameters").GetProperty("properties").GetProperty("kind");
        Assert.Equal(["deployment", "statefulset", "daemonset"], Strings(kind.GetProperty("enum")));
        var report = declarations[0].GetProperty("parameters");
        Assert.Equal(["LOW", "MEDIUM", "HIGH", "CRITICAL"], Strings(report.GetProperty("properties").GetProperty("severity").GetProperty("enum")));
        Assert.Equal("ANY", body.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetProperty("mode").GetString());
        var config = body.GetProperty("generationConfig");
        Assert.False(config.TryGetProperty("responseMimeType", out _));
        Assert.False(config.TryGetProperty("responseSchema", out _));
    }

    [Fact]
    public async Task Analyze_ConfiguredModelAndLimits_AppearInUrlAndGenerationConfig()
    {
        await using var h = await GeminiHarness.StartAsync(new()
        {
            ["Gemini:Model"] = "gemini-3.5-flash",
            ["Gemini:Temperature"] = "0.4",
            ["Gemini:MaxOutputTokens"] = "2048",
        });
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/v1beta/models/gemini-3.5-flash:generateContent", request.PathAndQuery);
        Assert.Equal(0.4, request.Json.GetProperty("generationConfig").GetProperty("temperature").GetDouble());
        Assert.Equal(2048, request.Json.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal("gemini-3.5-flash", result.Model);
    }

    [Fact]
    public async Task Analyze_BudgetPartlySpent_CapsMaxOutputTokensAtWhatIsLeft()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:TokenBudgetPerIncident"] = "10000" });
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));

        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(tokensSpent: 8500), CancellationToken.None);

        Assert.Equal(1500, Assert.Single(h.Server.Requests).Json.GetProperty("generationConfig").GetProperty("maxOutputTokens").GetInt32());
    }

    [Fact]
    public async Task Verify_StructuredJson_SendsBeforeAfterCommandsAndVerdictSchema()
    {
        await using var h = await GeminiHarness.StartAsync(RealNames);
        h.Server.Enqueue(FakeGeminiReply.Json(new { resolved = true, reasoning = "restarts stopped", confidence = 0.9 }));

        await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 0), CancellationToken.None);

        var request = Assert.Single(h.Server.Requests);
        Assert.Equal("/v1beta/models/gemini-3.8-flash:generateContent", request.PathAndQuery);
        var prompt = request.Json.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString()!;
        Assert.Contains("restart_deployment name=checkout ns=shop", prompt, StringComparison.Ordinal);
        Assert.Contains("\"metrics_before\"", prompt, StringComparison.Ordinal);
        Assert.Contains("\"metrics_after\"", prompt, StringComparison.Ordinal);
        var schema = request.Json.GetProperty("generationConfig").GetProperty("responseSchema");
        Assert.Equal(["resolved", "reasoning", "confidence"], Strings(schema.GetProperty("required")));
        Assert.Equal("BOOLEAN", schema.GetProperty("properties").GetProperty("resolved").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Verify_FunctionCalling_DeclaresVerifyRemediationSuccess()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:OutputMode"] = "FunctionCalling" });
        h.Server.Enqueue(FakeGeminiReply.FunctionCalls(("verify_remediation_success", new { resolved = false, reasoning = "still restarting", confidence = 0.8 })));

        var result = await h.Verifier.VerifyAsync(Verifications.AfterRestart(restartsAfter: 6), CancellationToken.None);

        var body = Assert.Single(h.Server.Requests).Json;
        var declaration = Assert.Single(body.GetProperty("tools")[0].GetProperty("functionDeclarations").EnumerateArray());
        Assert.Equal("verify_remediation_success", declaration.GetProperty("name").GetString());
        Assert.Equal("ANY", body.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetProperty("mode").GetString());
        Assert.False(result.Resolved);
        Assert.Equal("still restarting", result.Reasoning);
        Assert.Equal(AnalysisBackend.Gemini, result.Backend);
    }

    [Fact]
    public async Task Analyze_VerboseMetadata_BoundedInThePrompt()
    {
        await using var h = await GeminiHarness.StartAsync(RealNames);
        h.Server.Enqueue(FakeGeminiReply.Json(Incidents.GoodAnswer()));
        var facts = Incidents.PodFacts() with
        {
            Annotations = new Dictionary<string, string>
            {
                ["kubectl.kubernetes.io/last-applied-configuration"] = "{\"apiVersion\":\"apps/v1\"}",
                ["team.example.com/runbook"] = new string('x', 5000),
            },
        };

        await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(facts: facts), CancellationToken.None);

        var prompt = Assert.Single(h.Server.Requests).Json.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString()!;
        Assert.DoesNotContain("last-applied-configuration", prompt, StringComparison.Ordinal);
        Assert.Contains(new string('x', 256) + "…(truncated)", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 257), prompt, StringComparison.Ordinal);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "(null)").ToArray();
}
