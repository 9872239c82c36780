using System.Text.Json.Nodes;
using KubeWise.Functions.Api;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// <c>POST /metrics/model/train</c> starts the cluster's one training run in the background: a second request while it
/// runs joins it (202, the same run and Location) instead of training twice.
/// </summary>
public sealed class TrainingRunTests : IAsyncLifetime
{
    private FakePrometheusServer _prometheus = null!;
    private ApiHarness _h = null!;

    public async Task InitializeAsync()
    {
        _prometheus = await FakePrometheusServer.StartAsync();
        _h = await ApiHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Prometheus:Url"] = _prometheus.Url.ToString(),
            ["Prometheus:TimeoutSeconds"] = "30",
        });
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _prometheus.DisposeAsync();
    }

    private async Task<ApiResponse> PostAsync(string? body)
    {
        var request = _h.Request("POST", body);
        return await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().TrainAsync(request, _h.Client, CancellationToken.None));
    }

    private async Task<JsonNode> ModelInfoAsync()
    {
        var request = _h.Request("GET");
        return (await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().GetModelInfoAsync(request, _h.Client, CancellationToken.None))).Body;
    }

    [Fact]
    public async Task Train_SecondRequestWhileTheRunIsGoing_JoinsItWithTheSameLocation()
    {
        // The run's first Prometheus call is held for 5 s, so it is still going when the second request comes.
        _prometheus.Enqueue(FakeAnswer.Error(503, "unavailable", "held") with { Delay = TimeSpan.FromSeconds(5) });

        var first = await PostAsync(null);
        var second = await PostAsync("""{"force": true}""");
        var run = await TrainingRuns.EndedAsync(ModelInfoAsync, previous: null);
        var third = await PostAsync(null);

        Assert.Equal((202, false), (first.Status, first.Body["already_running"]!.GetValue<bool>()));
        Assert.Equal((202, true), (second.Status, second.Body["already_running"]!.GetValue<bool>()));
        Assert.Equal(first.Location, second.Location);
        Assert.Equal("/api/v1/metrics/model/info", second.Location);
        Assert.Equal(first.Body["instance_id"]!.GetValue<string>(), second.Body["instance_id"]!.GetValue<string>());
        Assert.StartsWith("model-training-", first.Body["instance_id"]!.GetValue<string>(), StringComparison.Ordinal);

        // The run is the first request's (train missing models only); the joined request's force was not applied.
        Assert.Equal(first.Body["instance_id"]!.GetValue<string>(), run["instance_id"]!.GetValue<string>());
        Assert.Empty(run["retrain"]!.AsArray());

        // Once it ended, a request starts a new run.
        Assert.Equal((202, false), (third.Status, third.Body["already_running"]!.GetValue<bool>()));
    }
}
