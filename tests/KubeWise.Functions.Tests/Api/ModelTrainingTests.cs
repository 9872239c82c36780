using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Functions.Api;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// <c>POST /api/v1/metrics/model/train</c> against a real Prometheus serving the synthetic cluster's history: the seed's
/// call trains missing models only; <c>force</c> or <c>entity_types</c> retrain existing ones, which
/// <c>GET /api/v1/metrics/model/info</c> shows (trained_at, sample_count, and the run's report in <c>training</c>); bad
/// bodies are refused before anything runs.
/// </summary>
public sealed class ModelTrainingTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>, IAsyncLifetime
{
    private HistoryHarness _h = null!;

    public async Task InitializeAsync() => _h = await HistoryHarness.StartAsync(fixture);

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _h.DeleteDirectory();
    }

    [Fact]
    public async Task Train_Force_RetrainsExistingModels_ModelInfoShowsTheNewTraining()
    {
        var first = await TrainAsync(null);
        var before = await ModelInfoAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await TrainAsync(null);
        var unchanged = await ModelInfoAsync();
        var forced = await TrainAsync("""{"force": true}""");
        var after = await ModelInfoAsync();

        Assert.Equal("Completed", first["status"]!.GetValue<string>());
        Assert.Equal("success", first["report"]!["status"]!.GetValue<string>());
        Assert.Contains("Deployment", Trained(before).Keys);
        Assert.Contains("Node", Trained(before).Keys);
        Assert.Equal(fixture.EvaluationTime, Trained(before)["Deployment"].At);
        Assert.True(Trained(before)["Deployment"].Samples > 0);

        // The seed's call leaves existing models alone.
        Assert.Empty(again["report"]!["retrained"]!.AsArray());
        Assert.Equal(Trained(before), Trained(unchanged));

        Assert.Equal(Enum.GetNames<KubeWise.Core.Entities.EntityType>(), forced["retrain"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("Deployment", forced["report"]!["retrained"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(Trained(before).Keys, Trained(after).Keys);
        Assert.All(Trained(after), m => Assert.Equal(fixture.EvaluationTime.AddMinutes(5), m.Value.At));
        Assert.All(Trained(after), m => Assert.True(m.Value.Samples > 0));
    }

    [Fact]
    public async Task Train_EntityTypes_RetrainsOnlyThoseModels()
    {
        await TrainAsync(null);
        var before = Trained(await ModelInfoAsync());
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var response = await TrainAsync("""{"entity_types": ["node"]}""");
        var after = Trained(await ModelInfoAsync());

        Assert.Equal(["Node"], response["retrain"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["Node"], response["report"]!["retrained"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(fixture.EvaluationTime.AddMinutes(5), after["Node"].At);
        Assert.Equal(before["Deployment"], after["Deployment"]);
    }

    [Fact]
    public async Task Train_ForceButRetrainingFails_KeepsTheStoredModels()
    {
        await TrainAsync(null);
        var before = Trained(await ModelInfoAsync());
        await _h.DisposeAsync();

        // After a restart with a look-back no longer than the window, no model can be trained from history.
        _h = await HistoryHarness.StartAsync(fixture, _h.Directory, new Dictionary<string, string?> { ["Scan:LookbackSeconds"] = "600" });
        var response = await TrainAsync("""{"force": true}""");
        var after = Trained(await ModelInfoAsync());

        Assert.Empty(response["report"]!["retrained"]!.AsArray());
        var deployment = Assert.Single(response["report"]!["models"]!.AsArray(), m => m!["entity_type"]!.GetValue<string>() == "Deployment")!;
        Assert.Equal("loaded", deployment["source"]!.GetValue<string>());
        Assert.StartsWith("retraining failed (the look-back", deployment["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("""{"force": "yes"}""", "force")]
    [InlineData("""{"force": 1}""", "force")]
    [InlineData("""{"entity_types": ["Pods"]}""", "entity_types")]
    [InlineData("""{"entity_types": ["Deployment, Node"]}""", "entity_types")]
    [InlineData("""{"entity_types": []}""", "entity_types")]
    [InlineData("""{"entity_types": "Node"}""", "entity_types")]
    [InlineData("""{"force": false, "entity_types": ["Node"]}""", "entity_types")]
    [InlineData("""{"retrain": true}""", "retrain")]
    public async Task Train_BadBody_Is400NamingTheFieldAndTrainsNothing(string body, string field)
    {
        var response = await PostTrainAsync(body);

        Assert.Equal(400, response.Status);
        Assert.Equal(ApiProblem.ContentType, response.ContentType);
        Assert.Contains(field, response.Body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(Trained(await ModelInfoAsync()));
        Assert.Null((await ModelInfoAsync())["training"]);
    }

    [Theory]
    [InlineData("[true]")]
    [InlineData("{\"force\": tru")]
    public async Task Train_NotAJsonObject_Is400(string body)
    {
        var response = await PostTrainAsync(body);

        Assert.Equal(400, response.Status);
        Assert.False(string.IsNullOrEmpty(response.Body["detail"]!.GetValue<string>()));
    }

    /// <summary>POST train, then model/info's <c>training</c> once the run ended.</summary>
    private async Task<JsonNode> TrainAsync(string? body) =>
        (await TrainingRuns.TrainAndWaitAsync(() => PostTrainAsync(body), ModelInfoAsync)).Run;

    private async Task<ApiResponse> PostTrainAsync(string? body)
    {
        var request = _h.Request("POST", body);
        return await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().TrainAsync(request, _h.Client, CancellationToken.None));
    }

    private async Task<JsonNode> ModelInfoAsync()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().GetModelInfoAsync(request, _h.Client, CancellationToken.None));
        Assert.Equal(200, response.Status);
        return response.Body;
    }

    /// <summary>The trained models as model info shows them: entity type → (trained_at, sample_count).</summary>
    private static SortedDictionary<string, (DateTimeOffset At, int Samples)> Trained(JsonNode info)
    {
        var trained = new SortedDictionary<string, (DateTimeOffset, int)>(StringComparer.Ordinal);
        foreach (var model in info["models"]!.AsArray().Where(m => m!["model_exists"]!.GetValue<bool>()))
        {
            trained[model!["entity_type"]!.GetValue<string>()] = (model["trained_at"]!.GetValue<DateTimeOffset>(), model["sample_count"]!.GetValue<int>());
        }

        return trained;
    }
}
