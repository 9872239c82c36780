using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;

namespace KubeWise.Functions.Tests.Api;

/// <summary>POST anomalies/analyze/{id}: a fresh opinion (here the rule analyzer: no Gemini key, no cluster) that changes nothing.</summary>
public sealed class AnalyzeFunctionTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Analyze_KnownEvent_AnswersTheRuleAnalyzersOpinionAndLeavesTheEventAlone()
    {
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);
        var request = _h.Request("POST");

        var response = await HostedFunction.RunAsync(request, await _h.Function<AnalyzeFunction>().AnalyzeAsync(request, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Equal(anomaly.AnomalyId, response.Body["anomaly_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(response.Body["ai_analysis"]!["root_cause"]!.GetValue<string>()));
        Assert.Equal("rules", response.Body["analyzer"]!["name"]!.GetValue<string>());
        var stored = await _h.Events.GetAsync(anomaly.AnomalyId);
        Assert.Equal((anomaly.Version, anomaly.Status), (stored!.Version, stored.Status));
    }

    [Fact]
    public async Task Analyze_UnknownEvent_Is404()
    {
        var request = _h.Request("POST");

        var response = await HostedFunction.RunAsync(request, await _h.Function<AnalyzeFunction>().AnalyzeAsync(request, AnomalyId.New(), CancellationToken.None));

        Assert.Equal(404, response.Status);
    }
}
