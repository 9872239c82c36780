using System.Text.Json;
using KubeWise.Testing.OpenAi;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// <c>kubewise scan --explain</c> with a local model: <c>--llm-endpoint</c>/<c>--llm-model</c> against the loopback
/// OpenAI-compatible server, <c>--show-prompt</c> printing the request without sending it, and their usage errors.
/// </summary>
[Collection(ExplainCollection.Name)]
public sealed class ScanExplainLlmTests(ExplainWorld world)
{
    private const string DuringIncidents = "2025-06-02T09:32:00Z";
    private const string LocalModel = "qwen2.5:7b-instruct";

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private string[] Explain(params string[] more) =>
        ["scan", "--prometheus", world.Prometheus, "--at", DuringIncidents, "--model", world.ModelPath, "--namespace", "payments", "--explain", "--output", "json", .. more];

    private static List<JsonElement> Anomalies(string output) =>
        JsonDocument.Parse(output).RootElement.GetProperty("anomalies").EnumerateArray().ToList();

    private static readonly object NoFix = new
    {
        root_cause = "The workload is unhealthy.",
        severity = "MEDIUM",
        description = "Look at the pods' logs.",
        confidence = 0.4,
        commands = Array.Empty<object>(),
    };

    [Fact]
    public async Task Explain_LlmEndpoint_TheLocalModelAnswersEveryAnomaly()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Responder = _ => FakeOpenAiReply.Thinking(NoFix);

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain("--llm-endpoint", model.V1, "--llm-model", LocalModel));

        Assert.True(code == 3, output + error);
        var anomalies = Anomalies(output);
        Assert.NotEmpty(anomalies);
        Assert.All(anomalies, a =>
        {
            var analysis = a.GetProperty("analysis");
            Assert.Equal("llm", analysis.GetProperty("analyzer").GetString());
            Assert.Equal(JsonValueKind.Null, analysis.GetProperty("fallback_reason").ValueKind);
            Assert.Equal("The workload is unhealthy.", analysis.GetProperty("root_cause").GetString());
        });
        Assert.Equal(anomalies.Count, model.Requests.Count);
        Assert.All(model.Requests, r => Assert.Equal(LocalModel, r.Json.GetProperty("model").GetString()));
        Assert.All(model.Requests, r => Assert.DoesNotContain("payments", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explain_ShowPrompt_PrintsTheRedactedRequestAndSendsNothing()
    {
        await using var model = await FakeOpenAiServer.StartAsync();

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain("--llm-endpoint", model.V1, "--llm-model", LocalModel, "--show-prompt"));

        Assert.True(code == 3, output + error);
        Assert.Empty(model.Requests);
        var anomalies = Anomalies(output);
        Assert.NotEmpty(anomalies);
        Assert.All(anomalies, a =>
        {
            Assert.Equal("rules", a.GetProperty("analysis").GetProperty("analyzer").GetString());
            Assert.Contains("--show-prompt", a.GetProperty("analysis").GetProperty("fallback_reason").GetString(), StringComparison.Ordinal);
            var prompt = a.GetProperty("prompt");
            Assert.Equal("openai-compatible", prompt.GetProperty("provider").GetString());
            Assert.Equal($"{model.V1}/chat/completions", prompt.GetProperty("url").GetString());
            var body = JsonDocument.Parse(prompt.GetProperty("body").GetString()!).RootElement;
            Assert.Equal(LocalModel, body.GetProperty("model").GetString());
            Assert.Equal("json_schema", body.GetProperty("response_format").GetProperty("type").GetString());
            var user = body.GetProperty("messages")[1].GetProperty("content").GetString()!;
            Assert.Contains("redacted-ns-1", user, StringComparison.Ordinal);
            Assert.DoesNotContain("payments", user, StringComparison.Ordinal);
            Assert.DoesNotContain(a.GetProperty("entity").GetString()!.Split('/')[^1], user, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Explain_ShowPromptWithGemini_PrintsTheGenerateContentRequestWithoutTheKey()
    {
        var (code, output, error) = await ExplainWorld.RunAsync(
            new Dictionary<string, string?> { ["GEMINI_API_KEY"] = ExplainWorld.ApiKey },
            ["scan", "--prometheus", world.Prometheus, "--at", DuringIncidents, "--model", world.ModelPath, "--namespace", "payments", "--explain", "--show-prompt"]);

        Assert.True(code == 3, output + error);
        Assert.Contains("Would send to gemini (gemini-3.8-flash): POST https://generativelanguage.googleapis.com/v1beta/models/gemini-3.8-flash:generateContent", output, StringComparison.Ordinal);
        Assert.Contains("\"systemInstruction\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ExplainWorld.ApiKey, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--llm-endpoint needs --llm-model", "--explain", "--llm-endpoint", "http://localhost:11434/v1")]
    [InlineData("--llm-model only applies with --llm-endpoint", "--explain", "--llm-model", "llama3.1:8b")]
    [InlineData("--llm-endpoint: 'ollama' is not an http(s) URL.", "--explain", "--llm-endpoint", "ollama", "--llm-model", "llama3.1:8b")]
    [InlineData("--show-prompt only applies with --explain.", "--show-prompt")]
    [InlineData("--show-prompt and --no-llm exclude each other", "--explain", "--show-prompt", "--no-llm")]
    public async Task Explain_LlmOptionMisuse_IsAUsageError(string message, params string[] options)
    {
        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, ["scan", "--prometheus", world.Prometheus, .. options]);

        Assert.True(code == 2, output + error);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
