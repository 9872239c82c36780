using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Incidents;

namespace KubeWise.Core.Tests.Incidents;

public sealed class IncidentFamilyTests
{
    [Theory]
    [InlineData(DetectorIds.CrashLoopBackOff, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorIds.RestartBurst, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorIds.OomKilled, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorIds.NodeNotReady, IncidentFamily.NodeCondition)]
    [InlineData(DetectorIds.NodeMemoryPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorIds.NodeDiskPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorIds.NodePidPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorIds.ReplicasUnavailable, DetectorIds.ReplicasUnavailable)]
    [InlineData(DetectorIds.ApiServerLatency, DetectorIds.ApiServerLatency)]
    [InlineData(Anomaly.ForestDetector, Anomaly.ForestDetector)]
    public void Of_Detector_NamesItsFamily(string detector, string family) =>
        Assert.Equal(family, IncidentFamily.Of(detector));

    [Fact]
    public void Of_EveryBuiltInDetector_IsAFamilyOrItsOwn()
    {
        var names = DetectorRegistry.CreateDefault(new DetectionOptions()).Detectors.Select(d => d.Name).ToList();

        // The families are spelled as the detectors name themselves: a renamed detector must not silently leave its family.
        var grouped = names.Where(n => IncidentFamily.Of(n) != n).ToHashSet();
        Assert.Equal(
            ["CrashLoopBackOff", "NodeDiskPressure", "NodeMemoryPressure", "NodeNotReady", "NodePIDPressure", "OOMKilled", "RestartBurst"],
            grouped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Precedence_RestartFamily_MostSpecificCauseFirst()
    {
        string[] detectors = [DetectorIds.RestartBurst, Anomaly.ForestDetector, DetectorIds.CrashLoopBackOff, DetectorIds.OomKilled];

        Assert.Equal(
            [DetectorIds.OomKilled, DetectorIds.CrashLoopBackOff, DetectorIds.RestartBurst, Anomaly.ForestDetector],
            detectors.OrderBy(IncidentFamily.Precedence));
    }
}
