using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Application.Api.Http;
using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using KubeWise.Functions.Tests.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The seed's README examples (mode, events, remediate, analyze, health), requests as it shows them, sent to the
/// host-neutral handlers and written as any host writes them (<see cref="HttpApi"/>): every field the seed's example
/// answer has is there, with the same JSON kind, all the way down.
/// </summary>
public sealed class SeedContractTests
{
    private const string SeedEvents = """
        {"events":[{"anomaly_id":"f82b4a7e-1c2d-4e5f-6g7h-8i9j0k1l2m3n","status":"RemediationSuggested","detection_timestamp":"2023-04-13T14:25:30.123456",
          "entity_id":"nginx-deployment","entity_type":"deployment","namespace":"default","anomaly_score":-0.35,
          "suggested_remediation_commands":["restart_deployment name=nginx-deployment ns=default","scale_deployment name=nginx-deployment ns=default replicas=3"],
          "ai_analysis":{"root_cause":"Memory pressure on deployment pods","severity":"MEDIUM","description":"The deployment is experiencing memory pressure..."}}]}
        """;

    private const string SeedRemediate = """
        {"status":"success","message":"Remediation command executed successfully","event_id":"f82b4a7e-1c2d-4e5f-6g7h-8i9j0k1l2m3n",
         "command":"restart_deployment name=nginx-deployment ns=default","result":{"status":"success","timestamp":"2023-04-13T14:30:45.123456"}}
        """;

    private const string SeedHealth = """
        {"status":"healthy","version":"3.0.0","services":{"API":{"status":"healthy","message":"API is operational"},
         "MongoDB":{"status":"healthy","message":"Connected to MongoDB Atlas"},"Prometheus":{"status":"healthy","message":"Connected to Prometheus at http://localhost:9090"},
         "Kubernetes":{"status":"healthy","message":"Connected to Kubernetes cluster with 3 nodes"},"Gemini API":{"status":"healthy","message":"Gemini API client initialized successfully"},
         "Worker":{"status":"healthy","message":"Worker process running normally"}},"timestamp":"2023-04-13T15:00:00.123456"}
        """;

    private static readonly ApiRequest NoBody = ApiRequest.Empty;

    /// <summary>A POST with the seed's JSON body, from the caller with the function key.</summary>
    private static ApiRequest Post(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return new ApiRequest(
            name => name == CallerIdentity.FunctionKeyHeader ? ApiHarness.AliceKey : null, _ => null, new MemoryStream(bytes), "application/json", bytes.Length);
    }

    /// <summary>The reply as a host writes it, read back as a client reads it.</summary>
    private static async Task<(int Status, JsonNode Body)> WrittenAsync(ApiReply reply)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        await HttpApi.WriteAsync(context.Response, reply);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, (await JsonNode.ParseAsync(context.Response.Body))!);
    }

    /// <summary>Every field of the seed's example is in the answer with the same JSON kind; arrays by their first item.</summary>
    private static void AssertSeedShape(JsonNode seed, JsonNode? actual, string path = "$")
    {
        Assert.True(actual is not null, $"{path} is missing");
        switch (seed)
        {
            case JsonObject fields:
                var answer = Assert.IsType<JsonObject>(actual);
                foreach (var (name, value) in fields)
                {
                    Assert.True(answer.ContainsKey(name), $"{path}.{name} is missing in {answer.ToJsonString()}");
                    AssertSeedShape(value!, answer[name], $"{path}.{name}");
                }

                break;
            case JsonArray items:
                var list = Assert.IsType<JsonArray>(actual);
                Assert.NotEmpty(list);
                AssertSeedShape(items[0]!, list[0], $"{path}[0]");
                break;
            default:
                Assert.Equal(seed.GetValueKind(), actual.GetValueKind());
                break;
        }
    }

    [Theory]
    [InlineData("""{"mode": "MANUAL"}""", "MANUAL")]
    [InlineData("""{"mode": "AUTO"}""", "AUTO")]
    public async Task Mode_SeedRequest_SetsTheModeAndGetAnswersIt(string body, string mode)
    {
        await using var h = await ApiHarness.StartAsync();
        var handler = h.Services.GetRequiredService<SetupHandler>();

        var (status, set) = await WrittenAsync(await handler.SetModeAsync(Post(body), CancellationToken.None));
        var (_, get) = await WrittenAsync(await handler.GetModeAsync(CancellationToken.None));

        Assert.Equal(200, status);
        Assert.Equal(mode, set["mode"]!.GetValue<string>());
        Assert.Equal(mode, get["mode"]!.GetValue<string>());
        Assert.Equal("key:alice", get["changed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_List_HasTheSeedsShape()
    {
        await using var h = await ApiHarness.StartAsync();
        await h.CreateEventAsync(AnomalyStatus.AwaitingApproval);

        var (status, body) = await WrittenAsync(await h.Services.GetRequiredService<EventsHandler>().ListAsync(NoBody, CancellationToken.None));

        Assert.Equal(200, status);
        AssertSeedShape(JsonNode.Parse(SeedEvents)!, body);
    }

    [Fact]
    public async Task Analyze_StoredEvent_AnswersTheSeedsAnalysisFields()
    {
        await using var h = await ApiHarness.StartAsync();
        var anomaly = await h.CreateEventAsync(AnomalyStatus.AwaitingApproval);

        var (status, body) = await WrittenAsync(await h.Services.GetRequiredService<AnalyzeHandler>().AnalyzeAsync(anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(200, status);
        var seedEvent = JsonNode.Parse(SeedEvents)!["events"]![0]!;
        Assert.Equal(anomaly.AnomalyId, body["anomaly_id"]!.GetValue<string>());
        AssertSeedShape(seedEvent["ai_analysis"]!, body["ai_analysis"], "$.ai_analysis");
        Assert.Equal(JsonValueKind.Array, body["suggested_remediation_commands"]!.GetValueKind());
    }

    [Fact]
    public async Task Health_HasTheSeedsShapeWithEveryComponent()
    {
        await using var h = await ApiHarness.StartAsync();

        var (status, body) = await WrittenAsync(await h.Services.GetRequiredService<HealthHandler>().CheckAsync(CancellationToken.None));

        Assert.Equal(200, status);
        AssertSeedShape(JsonNode.Parse(SeedHealth)!, body);
        Assert.Equal(JsonNode.Parse(SeedHealth)!["services"]!.AsObject().Select(s => s.Key).Order(), body["services"]!.AsObject().Select(s => s.Key).Order());
    }

    [Fact]
    public async Task Remediate_SeedRequestOnAManualEvent_RunsTheCommandAndAnswersTheSeedsShape()
    {
        await using var h = await WorkflowHarness.StartAsync(new Uri("http://127.0.0.1:9"), "MANUAL");
        h.AddCluster();
        h.AnswerAnalysis(new { operation = "restart_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." });
        var instance = await h.StartIncidentAsync();
        await h.WaitForStageAsync(instance, RemediationStage.AwaitingApproval);
        var anomaly = await h.EventAsync(instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:RemediateWait"] = "00:00:30",
            ["Api:KeyNames:alice"] = ApiHarness.Sha256(ApiHarness.AliceKey),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(h.Events).AddSingleton(TimeProvider.System);
        services.AddKubeWiseApi(configuration);
        await using var provider = services.BuildServiceProvider();

        var command = Assert.Single(anomaly.SuggestedRemediationCommands);
        var reply = await provider.GetRequiredService<ApprovalHandler>().RemediateAsync(Post($$"""{"command": "{{command}}"}"""), h.Client, anomaly.AnomalyId, CancellationToken.None);
        var (status, body) = await WrittenAsync(reply);

        Assert.Equal(200, status);
        AssertSeedShape(JsonNode.Parse(SeedRemediate)!, body);
        Assert.Equal("success", body["status"]!.GetValue<string>());
        Assert.Equal(command, body["command"]!.GetValue<string>());
    }
}
