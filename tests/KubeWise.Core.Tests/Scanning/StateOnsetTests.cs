using KubeWise.Core.Detection;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// Onsets come from the history, not from the window's edge: a state that began before the window reads the same with
/// a short and a long window, and names when it really began.
/// </summary>
public sealed class StateOnsetTests(ScanHistoryFixture fixture) : IClassFixture<ScanHistoryFixture>, IDisposable
{
    private readonly ScanServices _services = new(fixture.Url);

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(IncidentKind.ReplicasUnavailable, DetectorIds.ReplicasUnavailable, 13)]
    [InlineData(IncidentKind.NodeMemoryPressure, DetectorIds.NodeMemoryPressure, 9)]
    public async Task Scan_StateOlderThanTheWindow_ReportsTheSameTrueOnsetWhateverTheWindow(IncidentKind kind, string detector, int minutesIn)
    {
        var incident = fixture.Cluster.GroundTruth.Incidents.Single(i => i.Kind == kind);
        var at = incident.Start.AddMinutes(minutesIn);

        var shortWindow = await FindingAsync(at, TimeSpan.FromMinutes(5), detector);
        var longWindow = await FindingAsync(at, TimeSpan.FromMinutes(30), detector);

        Assert.Equal(longWindow.Evidence.Select(e => e.Description), shortWindow.Evidence.Select(e => e.Description));
        var since = shortWindow.Evidence.Select(e => e.Description).Single(d => d.Contains("since ", StringComparison.Ordinal));
        var onset = DateTimeOffset.Parse(since[(since.IndexOf("since ", StringComparison.Ordinal) + 6)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(onset, incident.Start, incident.Start + fixture.Cluster.Step);
        Assert.All(shortWindow.Evidence, e => Assert.Equal(onset, e.Onset));
        Assert.Equal(onset, KubeWise.Core.Events.EvidenceItem.From(detector, shortWindow.TopEvidence).Onset);
    }

    [Fact]
    public async Task Scan_ReplicasUnavailableOlderThanTheWindow_CountsMinutesFromTheTrueOnset()
    {
        var incident = fixture.Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.ReplicasUnavailable);

        var finding = await FindingAsync(incident.Start.AddMinutes(13), TimeSpan.FromMinutes(5), DetectorIds.ReplicasUnavailable);

        Assert.Matches(@"unavailable.* for 1[23](\.\d+)? min \(grace period: 5 min\)", finding.TopEvidence.Description);
    }

    [Fact]
    public async Task Scan_HealthyCluster_AsksNothingMoreOfPrometheus()
    {
        var at = DefaultScenario.Start.AddMinutes(25);

        var withOnsets = await _services.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false });
        using var without = new ScanServices(fixture.Url, new Dictionary<string, string?> { ["Scan:OnsetLookbackSeconds"] = "0" });
        var plain = await without.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false });

        Assert.True(withOnsets.Succeeded, withOnsets.Failure);
        Assert.Empty(withOnsets.Anomalies);
        Assert.Equal(plain.Requests, withOnsets.Requests);
    }

    [Fact]
    public async Task Scan_FirstCycle_ReportsTheBaselineLookBackAndTheNextCycleInTheSameStepAsksNothingMore()
    {
        var updates = new List<KubeWise.Core.Progress.ProgressUpdate>();
        var progress = new Recorder(updates);
        var at = DefaultScenario.Start.AddMinutes(80);

        var first = await _services.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false, Progress = progress });
        var firstSteps = updates.Select(u => u.Step).ToList();
        updates.Clear();
        var second = await _services.Cycle.RunAsync(new ScanRequest { At = at.AddSeconds(30), TrainMissingModels = false, Progress = progress });

        Assert.Contains("reading 24 h of memory_limit_ratio for baselines", firstSteps);
        Assert.Contains("reading 24 h of node_memory_available_ratio for baselines", firstSteps);
        Assert.DoesNotContain(updates, u => u.Step.Contains("baselines", StringComparison.Ordinal));
        // One look-back query per baseline signal on the first cycle (workloads, nodes, API server), none on the second.
        var lookBacks = firstSteps.Where(s => s.EndsWith(" for baselines", StringComparison.Ordinal)).Distinct().Count();
        Assert.InRange(lookBacks, 5, 7);
        Assert.Equal(first.Requests - lookBacks - 1, second.Requests);
    }

    private sealed class Recorder(List<KubeWise.Core.Progress.ProgressUpdate> updates) : IProgress<KubeWise.Core.Progress.ProgressUpdate>
    {
        public void Report(KubeWise.Core.Progress.ProgressUpdate value) => updates.Add(value);
    }

    private async Task<Anomaly> FindingAsync(DateTimeOffset at, TimeSpan window, string detector)
    {
        var report = await _services.Cycle.RunAsync(new ScanRequest { At = at, Window = window, TrainMissingModels = false });
        Assert.True(report.Succeeded, report.Failure);
        Assert.Empty(report.Degraded);
        return Assert.Single(report.Anomalies, a => a.Detector == detector);
    }
}
