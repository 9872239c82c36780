using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>
/// The evaluation protocol's scenario holds what issue 23 fixes, on every reporting seed: the timings, levels and rates are read
/// back from the generated series, the way Prometheus will serve them.
/// </summary>
public class StateScenarioTests
{
    private static readonly int[] ReportingSeeds = [.. Enumerable.Range(1001, 20)];

    private static Func<DateTimeOffset, double?> Series(SyntheticCluster cluster, string sample, params string[] labels)
    {
        var series = cluster.Families().SelectMany(f => f.Series)
            .Single(s => s.SampleName == sample && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal)));
        return time => series.Value(cluster.TimeAt(time));
    }

    private static double MemoryShare(SyntheticCluster cluster, SyntheticPod pod, DateTimeOffset time) =>
        Series(cluster, "container_memory_working_set_bytes", $"pod=\"{pod.Name}\"")(time)!.Value / pod.MemoryLimitBytes;

    private static IEnumerable<DateTimeOffset> Every(DateTimeOffset from, DateTimeOffset to, TimeSpan step)
    {
        for (var t = from; t < to; t += step)
        {
            yield return t;
        }
    }

    [Fact]
    public void ReportingSeeds_StartEveryKindWithinTwoHoursAfterSixHoursOfHistory()
    {
        foreach (var seed in ReportingSeeds)
        {
            var cluster = StateScenario.Build(seed);
            var truth = cluster.GroundTruth;

            Assert.Equal(Enum.GetValues<IncidentKind>().Order(), truth.Incidents.Select(i => i.Kind).Distinct().Order());
            Assert.Equal(Enum.GetValues<BenignEventKind>().Order(), truth.BenignEvents.Select(e => e.Kind).Distinct().Order());
            Assert.All(truth.Incidents, i =>
            {
                Assert.InRange(i.Start - cluster.Start, StateScenario.Warmup, StateScenario.Warmup + StateScenario.OnsetPeriod);
                Assert.True(i.End - i.Start >= StateScenario.MinimumDuration, $"seed {seed}: {i.Kind} lasts {i.End - i.Start}");
                Assert.True(i.Start.AddMinutes(45) < cluster.End, $"seed {seed}: no history 45 min into {i.Kind}");
            });
            Assert.Equal(truth.Incidents.Count, truth.Incidents.Select(i => i.Entity).Distinct().Count());
        }
    }

    [Fact]
    public void MemoryLeak_GrowsAtItsRateAndIsAt85To99PercentWhileScanned()
    {
        var leaks = 0;
        foreach (var seed in ReportingSeeds)
        {
            var cluster = StateScenario.Build(seed);
            foreach (var leak in cluster.GroundTruth.Incidents.Where(i => i.Kind == IncidentKind.MemoryLeak))
            {
                leaks++;
                var pod = cluster.Pods.Single(p => p.Ref == leak.AffectedPods.Single());
                foreach (var minutes in new[] { 6, 15, 45 })
                {
                    Assert.InRange(MemoryShare(cluster, pod, leak.Start.AddMinutes(minutes)), 0.845, 0.995);
                }

                // Per 10 minutes, over the hour before the start (where the growth is visible) and 45 minutes after it.
                var from = leak.Start.AddMinutes(-60) > (leak.StateSince ?? leak.Start) ? leak.Start.AddMinutes(-60) : leak.Start;
                var to = leak.Start.AddMinutes(45);
                var rate = (MemoryShare(cluster, pod, to) - MemoryShare(cluster, pod, from)) / ((to - from).TotalMinutes / 10);
                Assert.InRange(rate, 0.0025, 0.031);
                Assert.NotNull(leak.StateSince);
                Assert.True(leak.StateSince < leak.Start);
            }
        }

        Assert.True(leaks >= 20, $"{leaks} leaks");
    }

    [Fact]
    public void CpuSaturation_PinsEveryPodAtTheLimitAfterHoursWellBelowIt()
    {
        foreach (var seed in ReportingSeeds)
        {
            var cluster = StateScenario.Build(seed);
            foreach (var incident in cluster.GroundTruth.Incidents.Where(i => i.Kind == IncidentKind.CpuSaturation))
            {
                var pods = cluster.Pods.Where(p => incident.AffectedPods.Contains(p.Ref)).ToList();
                Assert.NotEmpty(pods);
                Assert.All(pods, p =>
                {
                    Assert.True(p.CpuCoresAt(incident.Start.AddMinutes(6)) >= 0.98 * p.CpuLimitCores);
                    var before = Every(incident.Start.AddHours(-5), incident.Start, TimeSpan.FromMinutes(5)).Select(t => p.CpuCoresAt(t) / p.CpuLimitCores).ToList();
                    Assert.True(before.Max() < 0.6, $"seed {seed}: {p.Name} at {before.Max():P0} of its limit before");
                });
            }
        }
    }

    [Fact]
    public void SteadyNearLimit_StaysWithin90And97PercentForTheWholeHistory()
    {
        foreach (var seed in ReportingSeeds.Take(5))
        {
            var cluster = StateScenario.Build(seed);
            foreach (var d in cluster.Deployments.Where(d => d.SteadyCpuShare is not null || d.SteadyMemoryShare is not null))
            {
                foreach (var pod in d.Pods)
                {
                    foreach (var t in Every(cluster.Start, cluster.End, TimeSpan.FromMinutes(2)))
                    {
                        var share = d.SteadyCpuShare is not null ? pod.CpuCoresAt(t) / pod.CpuLimitCores : MemoryShare(cluster, pod, t);
                        Assert.InRange(share, 0.895, 0.975);
                    }
                }
            }
        }
    }

    [Fact]
    public void ApiServer_SomeSeedsExposeOnlyTheSliHistogram_AndTheSlowedVerbsSlowDownSixToSixtyFold()
    {
        var sliOnly = 0;
        foreach (var seed in ReportingSeeds)
        {
            var cluster = StateScenario.Build(seed);
            var names = cluster.Families().Where(f => f.Series.Count > 0).Select(f => f.Name).ToHashSet();
            Assert.Contains("apiserver_request_sli_duration_seconds", names);
            sliOnly += names.Contains("apiserver_request_duration_seconds") ? 0 : 1;

            var incident = cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.ApiServerLatency);
            var (verb, resource) = incident.Detail.Contains("GET", StringComparison.Ordinal) ? ("GET", "pods") : ("PATCH", "deployments");
            var sum = Series(cluster, "apiserver_request_sli_duration_seconds_sum", $"resource=\"{resource}\"", $"verb=\"{verb}\"");
            var count = Series(cluster, "apiserver_request_sli_duration_seconds_count", $"resource=\"{resource}\"", $"verb=\"{verb}\"");

            // Mean latency over 5 minutes, before the incident and 15 minutes into it (past the longest ramp).
            double Mean(DateTimeOffset end) => (sum(end)!.Value - sum(end.AddMinutes(-5))!.Value) / (count(end)!.Value - count(end.AddMinutes(-5))!.Value);
            Assert.InRange(Mean(incident.Start.AddMinutes(15)) / Mean(incident.Start.AddMinutes(-1)), 5.5, 61);
        }

        Assert.InRange(sliOnly, 3, 17);
    }
}
