using KubeWise.Core.Detection;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Evaluation;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;
using Xunit.Abstractions;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// State evidence on the evaluation's state scenario (tuning seeds only; 1001–1020 are for reporting): one-shot scans
/// (no model: the detectors alone) at +6, +15 and +45 minutes into CPU saturation and memory leaks find them with
/// evidence that names the baseline, and name no healthy entity, among them the workloads that run at 90–97 % of their
/// limit for the whole history.
/// </summary>
public sealed class SaturationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan[] Offsets = [TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45)];

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Scan_OneShotIntoSaturationAndLeaks_FindsThemAgainstTheirOwnBaselineAndNamesNoHealthyEntity(int seed)
    {
        var cluster = StateScenario.Build(seed);
        await using var prometheus = await SyntheticPrometheus.StartAsync(cluster);
        using var services = new ScanServices(prometheus.Url);
        var missed = new List<string>();
        var falseNames = new List<string>();
        var states = cluster.GroundTruth.Incidents.Where(i => i.Kind is IncidentKind.CpuSaturation or IncidentKind.MemoryLeak).ToList();
        Assert.NotEmpty(states);
        foreach (var incident in states)
        {
            foreach (var offset in Offsets)
            {
                var at = incident.Start + offset;
                var report = await services.Cycle.RunAsync(new ScanRequest { At = at, TrainMissingModels = false });
                Assert.True(report.Succeeded, report.Failure);
                var found = report.Anomalies.FirstOrDefault(a => IncidentMatch.Reports(a, incident, cluster));
                if (found is null)
                {
                    missed.Add($"{incident.Kind} {incident.Entity} +{offset.TotalMinutes} min");
                }
                else
                {
                    output.WriteLine($"{incident.Kind} {incident.Entity} +{offset.TotalMinutes} min: {found.Detector}: {string.Join("; ", found.Evidence.Select(e => e.Description))}");
                    Assert.Contains(found.Evidence, e => e.Description.Contains("baseline", StringComparison.Ordinal));
                    // The state's onset comes from the history, whatever the offset: when CPU went to the limit (within a
                    // 5-minute look-back step and the minute a rate needs to cross over), or for a leak when its growth
                    // began (or the history's start, when it began before).
                    var onset = Assert.Single(found.Evidence.Select(e => e.Onset).OfType<DateTimeOffset>().Distinct());
                    if (incident.Kind == IncidentKind.CpuSaturation)
                    {
                        Assert.InRange(onset, incident.Start - cluster.Step, incident.Start + TimeSpan.FromMinutes(6));
                    }
                    else
                    {
                        var growth = incident.StateSince is { } since && since > cluster.Start ? since : cluster.Start;
                        Assert.InRange(onset, growth - TimeSpan.FromMinutes(5), incident.Start);
                    }
                }

                falseNames.AddRange(report.Anomalies
                    .Where(a => a.Detector is DetectorIds.CpuNearLimit or DetectorIds.MemoryNearLimit)
                    .Where(a => !cluster.GroundTruth.Incidents.Any(i => (i.StateSince ?? i.Start) <= at && at < i.End + TimeSpan.FromMinutes(10) && IncidentMatch.Concerns(i, IncidentMatch.ToRef(a.Entity), cluster)))
                    .Select(a => $"{a.Entity} at {at:HH:mm}: {a.TopEvidence.Description}"));
            }
        }

        missed.ForEach(m => output.WriteLine("missed: " + m));
        falseNames.ForEach(f => output.WriteLine("healthy named: " + f));
        Assert.Empty(missed);
        Assert.Empty(falseNames);
    }
}
