using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.OpenAi;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 1 with a local model instead of Gemini: <c>Llm:Provider=OpenAiCompatible</c> pointed at a loopback
/// OpenAI-compatible server (Ollama's shape, answers in code fences). The model sees only placeholders, its answer comes
/// back in real names, the person approves, the fix is verified; what the server received is exactly what the event
/// keeps, and no real name of the scenario is in it.
/// </summary>
public sealed class LocalModelTests
{
    [Fact]
    public async Task LocalModel_CrashLoop_AnalysedFromPlaceholders_ApprovedResolved_AndTheRecordIsWhatWasSent()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Responder = Answer;
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions
        {
            Gemini = false,
            Settings = new Dictionary<string, string?>
            {
                ["Llm:Provider"] = "OpenAiCompatible",
                ["Llm:Endpoint"] = model.V1,
                ["Llm:Model"] = FakeOpenAiReply.Model,
                ["Gemini:MaxRetries"] = "0",
            },
        });
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();

        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        var waiting = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal(["restart_deployment name=checkout ns=shop"], waiting["suggested_remediation_commands"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Pods of checkout crash on start; the configuration they read is stale.", waiting["ai_analysis"]!["root_cause"]!.GetValue<string>());
        var analyzer = waiting["analyzer"]!;
        Assert.Equal(("llm", "openai-compatible", FakeOpenAiReply.Model), (Text(analyzer["name"]), Text(analyzer["provider"]), Text(analyzer["model"])));
        Assert.True(analyzer["latency_ms"]!.GetValue<long>() >= 0);
        Assert.Null(waiting["model_exchanges"]);

        // What was sent: the record is the request the server received, byte for byte, and holds no real name.
        var sent = await e2e.GetJsonAsync($"remediation/events/{id}/sent");
        var exchange = Assert.Single(sent["exchanges"]!.AsArray())!;
        var received = Assert.Single(model.Requests);
        Assert.Equal(received.Body, Text(exchange["request_body"]));
        Assert.Equal(("analysis", "openai-compatible", 200), (Text(exchange["purpose"]), Text(exchange["provider"]), exchange["status"]!.GetValue<int>()));
        Assert.Equal($"{model.V1}/chat/completions", Text(exchange["url"]));
        string[] real = ["shop", "checkout", "worker-1", "worker-2", SimulatedDeployment.Image, .. checkout.Pods.Select(p => p.Name)];
        Assert.All(real, name => Assert.DoesNotContain(name, received.Body, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("redacted-deployment-1", received.Body, StringComparison.Ordinal);
        // The container's name ("app") is an ordinary word of the prompt's own text: checked where the incident names it.
        Assert.All(Incident(received).GetProperty("facts").GetProperty("containers").EnumerateArray(),
            c => Assert.StartsWith("redacted-", c.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain($"\"{checkout.Container}\"", Incident(received).GetRawText(), StringComparison.Ordinal);

        var cli = await e2e.CliAsync("event", id, "--sent");
        Assert.True(cli.Exit == 0, cli.Err);
        Assert.Contains($"analysis → openai-compatible ({FakeOpenAiReply.Model})", cli.Out, StringComparison.Ordinal);
        Assert.Contains(received.Body, cli.Out, StringComparison.Ordinal);
        Assert.Contains("Answer:", cli.Out, StringComparison.Ordinal);

        var (status, _) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject { ["comment"] = "restart is safe" });
        Assert.Equal(200, status);
        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        Assert.True(Text(done["status"]) == "Resolved", done.ToJsonString());
        Assert.Equal(1, checkout.Rollouts);

        // Every request the model server ever received, verification included, is free of the scenario's names.
        Assert.All(model.Requests, r => Assert.All(real, name => Assert.DoesNotContain(name, r.Body, StringComparison.OrdinalIgnoreCase)));
    }

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    /// <summary>The incident document of an analysis request, as the model reads it.</summary>
    private static JsonElement Incident(RecordedGeminiRequest request)
    {
        var user = request.Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        using var document = JsonDocument.Parse(user[(user.IndexOf("Incident:\n", StringComparison.Ordinal) + "Incident:\n".Length)..]);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// What a local model would answer: for an analysis, a restart of the Deployment the incident names (by its
    /// placeholder, as the model sees it), in a code fence; for a verification, "resolved".
    /// </summary>
    private static FakeOpenAiReply Answer(RecordedGeminiRequest request)
    {
        var user = request.Json.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        if (!user.Contains("Incident:\n", StringComparison.Ordinal) || !user.StartsWith("Analyse", StringComparison.Ordinal))
        {
            return FakeOpenAiReply.Fenced(new { resolved = true, reasoning = "The restarts stopped.", confidence = 0.8 });
        }

        var root = Incident(request);
        var deployment = new[] { root.GetProperty("entity") }.Concat(root.GetProperty("facts").GetProperty("owners").EnumerateArray())
            .First(e => e.GetProperty("type").GetString() == "deployment");
        var ns = deployment.GetProperty("namespace").GetString();
        var name = deployment.GetProperty("name").GetString();
        return FakeOpenAiReply.Fenced(new
        {
            root_cause = $"Pods of {name} crash on start; the configuration they read is stale.",
            severity = "HIGH",
            description = $"A rollout restart of {name} in {ns} starts pods that read the current configuration.",
            confidence = 0.8,
            commands = new object[] { new { operation = "restart_deployment", name, ns, rationale = "Fresh pods read the fixed configuration." } },
        });
    }
}
