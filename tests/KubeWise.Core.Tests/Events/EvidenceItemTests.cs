using System.Text.Json.Nodes;
using KubeWise.Core.Detection;
using KubeWise.Core.Events;

namespace KubeWise.Core.Tests.Events;

public sealed class EvidenceItemTests
{
    [Fact]
    public void From_ForestFinding_KeepsFeatureBaselineDeviationAndContributionAsData()
    {
        var item = EvidenceItem.From(DetectorIds.IsolationForest,
            new Evidence("memory_working_set_bytes.slope", "memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)", 210_000, 0, 18.3, 0.62));

        Assert.Equal(("memory_working_set_bytes.slope", 210_000.0, 0.0, 0.0, 18.3, 0.62), (item.Feature, item.Value, item.Threshold, item.Baseline, item.Deviation, item.Contribution));
        Assert.Equal("memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)", item.Message);
        Assert.Null(item.Onset);
    }

    [Fact]
    public void From_DetectorFinding_ThresholdIsNotABaseline()
    {
        var item = EvidenceItem.From(DetectorIds.RestartBurst, new Evidence("kube_pod_container_status_restarts_total", "7 restarts in 10m (threshold: 3)", 7, 3, null, 1));

        Assert.Equal(("kube_pod_container_status_restarts_total", 3.0, null, null, 1.0), (item.Feature, item.Threshold, item.Baseline, item.Deviation, item.Contribution));
        Assert.Equal("kube_pod_container_status_restarts_total: 7 restarts in 10m (threshold: 3)", item.Message);
    }

    [Fact]
    public void Json_SeedFieldsWithTheTypedOnesBeside()
    {
        var item = EvidenceItem.From(DetectorIds.RestartBurst, new Evidence("kube_pod_container_status_restarts_total", "7 restarts in 10m (threshold: 3)", 7, 3, null, 1));

        var json = JsonNode.Parse(EventJson.Serialize(item))!.AsObject();

        Assert.Equal(["detector", "message", "value", "threshold", "feature", "baseline", "deviation", "contribution", "onset"], json.Select(p => p.Key));
        Assert.Equal(item, EventJson.Deserialize<EvidenceItem>(json.ToJsonString()));
    }

    [Theory]
    [InlineData("memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)", "memory_working_set_bytes.slope")]
    [InlineData("kube_pod_container_status_restarts_total: 7 restarts in 10m (threshold: 3)", "kube_pod_container_status_restarts_total")]
    public void FeatureName_EventStoredBeforeTypedEvidence_TheFeatureItsMessageBeganWith(string message, string feature)
    {
        var stored = EventJson.Deserialize<EvidenceItem>(new JsonObject { ["detector"] = "RestartBurst", ["message"] = message, ["value"] = 7 }.ToJsonString());

        Assert.Null(stored.Feature);
        Assert.Equal(feature, stored.FeatureName);
    }
}
