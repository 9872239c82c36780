using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Incidents;

namespace KubeWise.Core.Tests.Incidents;

public sealed class IncidentFamilyTests
{
    [Theory]
    [InlineData(DetectorTypes.CrashLoopBackOff, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorTypes.RestartBurst, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorTypes.OomKilled, IncidentFamily.ContainerRestarts)]
    [InlineData(DetectorTypes.NodeNotReady, IncidentFamily.NodeCondition)]
    [InlineData(DetectorTypes.NodeMemoryPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorTypes.NodeDiskPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorTypes.NodePidPressure, IncidentFamily.NodeCondition)]
    [InlineData(DetectorTypes.ReplicasUnavailable, DetectorTypes.ReplicasUnavailable)]
    [InlineData(DetectorTypes.ApiServerLatency, DetectorTypes.ApiServerLatency)]
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
        string[] detectors = [DetectorTypes.RestartBurst, Anomaly.ForestDetector, DetectorTypes.CrashLoopBackOff, DetectorTypes.OomKilled];

        Assert.Equal(
            [DetectorTypes.OomKilled, DetectorTypes.CrashLoopBackOff, DetectorTypes.RestartBurst, Anomaly.ForestDetector],
            detectors.OrderBy(IncidentFamily.Precedence));
    }
}
