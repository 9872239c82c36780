using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Testing;
using KubeWise.Testing.Mongo;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The API over MongoDB (the CongoDB wire server, through the real driver) when the store goes down: every endpoint that
/// needs it answers 503 with problem details that say so, never a 500, and health reports the store unhealthy.
/// </summary>
public sealed class StoreOutageTests
{
    /// <summary>
    /// A short server selection by default, so an unreachable store answers 503 quickly; a store that stays up gets
    /// longer, since the driver's first connection to the wire server can take over 0.5 s on a busy machine.
    /// </summary>
    private static Dictionary<string, string?> MongoAt(string url, string serverSelectionSeconds = "0.5") => new()
    {
        ["Mongo:ConnectionString"] = url,
        ["Mongo:DatabaseName"] = MongoTestServer.NewDatabaseName("kw_outage"),
        ["Mongo:ServerSelectionTimeoutSeconds"] = serverSelectionSeconds,
        ["Mongo:OperationTimeoutSeconds"] = "3",
    };

    [Fact]
    public async Task StoreGoesDown_EveryStoreEndpointAnswers503ProblemDetails_HealthSaysUnhealthy()
    {
        await using var mongo = await MongoWireServerProcess.StartAsync();
        await using var h = await ApiHarness.StartAsync(MongoAt(mongo.Url));
        var waiting = await h.CreateEventAsync(AnomalyStatus.AwaitingApproval);
        Assert.Equal(200, (await ListAsync(h)).Status);
        Assert.Equal(200, (await GetEventAsync(h, waiting.AnomalyId)).Status);
        Assert.Equal(200, (await GetModeAsync(h)).Status);
        Assert.Equal("healthy", (await HealthAsync(h)).Body["services"]!["MongoDB"]!["status"]!.GetValue<string>());

        await mongo.StopAsync();

        await AssertAllUnavailableAsync(h, waiting.AnomalyId);
    }

    [Fact]
    public async Task StoreNeverReachable_EveryStoreEndpointAnswers503ProblemDetails_HealthSaysUnhealthy()
    {
        await using var h = await ApiHarness.StartAsync(MongoAt($"mongodb://127.0.0.1:{LoopbackPort.Free()}"));

        await AssertAllUnavailableAsync(h, AnomalyId.New());
    }

    [Fact]
    public async Task StoreNeverReachable_QueryCatalogStillAnswers_SayingTheAiDecisionsAreUnavailable()
    {
        await using var h = await ApiHarness.StartAsync(MongoAt($"mongodb://127.0.0.1:{LoopbackPort.Free()}"));
        var request = h.Request("GET");

        var response = await HostedFunction.RunAsync(request, await h.Function<MetricsFunctions>().GetQueriesAsync(request, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.NotEmpty(response.Body["queries"]!.AsArray());
        Assert.Contains("MongoDB", response.Body["ai_proposals"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreUp_SameEndpointsAnswerFromMongo()
    {
        await using var h = await ApiHarness.StartAsync(MongoAt(MongoTestServer.Url, serverSelectionSeconds: "5"));
        var waiting = await h.CreateEventAsync(AnomalyStatus.AwaitingApproval);

        var list = await ListAsync(h);
        var mode = await SetModeAsync(h, "AUTO");
        var read = await GetModeAsync(h);

        Assert.Equal(waiting.AnomalyId, Assert.Single(list.Body["events"]!.AsArray())!["anomaly_id"]!.GetValue<string>());
        Assert.Equal(200, mode.Status);
        Assert.Equal("AUTO", read.Body["mode"]!.GetValue<string>());
    }

    private static async Task AssertAllUnavailableAsync(ApiHarness h, string anomalyId)
    {
        AssertUnavailable(await ListAsync(h), "event store");
        AssertUnavailable(await GetEventAsync(h, anomalyId), "event store");
        AssertUnavailable(await DecideAsync(h, anomalyId, approve: true), "event store");
        AssertUnavailable(await DecideAsync(h, anomalyId, approve: false), "event store");
        AssertUnavailable(await RemediateAsync(h, anomalyId), "event store");
        AssertUnavailable(await AnalyzeAsync(h, anomalyId), "event store");
        AssertUnavailable(await GetModeAsync(h), "mode could not be read");
        AssertUnavailable(await SetModeAsync(h, "MANUAL"), "mode could not be saved");

        var health = await HealthAsync(h);
        Assert.Equal(200, health.Status);
        Assert.Equal("degraded", health.Body["status"]!.GetValue<string>());
        var store = health.Body["services"]!["MongoDB"]!;
        Assert.Equal("unhealthy", store["status"]!.GetValue<string>());
        Assert.Contains("MongoDB", store["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void AssertUnavailable(ApiResponse response, string detail)
    {
        Assert.True(response.Status == 503, $"expected 503, got {response.Status}: {response.Text}");
        Assert.Equal(ApiProblem.ContentType, response.ContentType);
        Assert.Equal(503, response.Body["status"]!.GetValue<int>());
        var text = response.Body["detail"]!.GetValue<string>();
        Assert.Contains(detail, text, StringComparison.Ordinal);
        Assert.Contains("MongoDB", text, StringComparison.Ordinal);
    }

    private static async Task<ApiResponse> ListAsync(ApiHarness h)
    {
        var request = h.Request("GET");
        return await HostedFunction.RunAsync(request, await h.Function<EventsFunctions>().ListAsync(request, CancellationToken.None));
    }

    private static async Task<ApiResponse> GetEventAsync(ApiHarness h, string id)
    {
        var request = h.Request("GET");
        return await HostedFunction.RunAsync(request, await h.Function<EventsFunctions>().GetAsync(request, id, CancellationToken.None));
    }

    private static async Task<ApiResponse> DecideAsync(ApiHarness h, string id, bool approve)
    {
        var request = h.Request("POST", """{"comment":"during the outage"}""");
        var functions = h.Function<ApprovalFunctions>();
        return await HostedFunction.RunAsync(request, approve
            ? await functions.ApproveAsync(request, h.Client, id, CancellationToken.None)
            : await functions.RejectAsync(request, h.Client, id, CancellationToken.None));
    }

    private static async Task<ApiResponse> RemediateAsync(ApiHarness h, string id)
    {
        var request = h.Request("POST", $$"""{"command":"{{ApiHarness.Restart}}"}""");
        return await HostedFunction.RunAsync(request, await h.Function<ApprovalFunctions>().RemediateAsync(request, h.Client, id, CancellationToken.None));
    }

    private static async Task<ApiResponse> AnalyzeAsync(ApiHarness h, string id)
    {
        var request = h.Request("POST");
        return await HostedFunction.RunAsync(request, await h.Function<AnalyzeFunction>().AnalyzeAsync(request, id, CancellationToken.None));
    }

    private static async Task<ApiResponse> GetModeAsync(ApiHarness h)
    {
        var request = h.Request("GET");
        return await HostedFunction.RunAsync(request, await h.Function<SetupFunctions>().GetModeAsync(request, CancellationToken.None));
    }

    private static async Task<ApiResponse> SetModeAsync(ApiHarness h, string mode)
    {
        var request = h.Request("POST", $$"""{"mode":"{{mode}}"}""");
        return await HostedFunction.RunAsync(request, await h.Function<SetupFunctions>().SetModeAsync(request, CancellationToken.None));
    }

    private static async Task<ApiResponse> HealthAsync(ApiHarness h)
    {
        var request = h.Request("GET", key: null);
        return await HostedFunction.RunAsync(request, await h.Function<HealthFunction>().CheckAsync(request, CancellationToken.None));
    }
}
