using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>The synthetic cluster generator the Prometheus fixtures (and later the scan-cycle tests) are built on.</summary>
public class SyntheticClusterTests
{
    private static string OpenMetrics(SyntheticCluster cluster, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var writer = new StringWriter();
        ExpositionWriter.WriteOpenMetrics(cluster, writer, from, to);
        return writer.ToString();
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameSamples()
    {
        var window = DefaultScenario.End.AddMinutes(-10);

        Assert.Equal(OpenMetrics(DefaultScenario.Build(), window), OpenMetrics(DefaultScenario.Build(), window));
        Assert.NotEqual(OpenMetrics(DefaultScenario.Build(seed: 1), window), OpenMetrics(DefaultScenario.Build(seed: 2), window));
    }

    [Fact]
    public void Generate_Window_MatchesTheSameStepsOfTheFullHistory()
    {
        var cluster = DefaultScenario.Build();
        var from = DefaultScenario.Start.AddMinutes(60);
        var to = from.AddMinutes(1);

        var window = OpenMetrics(cluster, from, to).Split('\n');
        var stamp = $" {from.ToUnixTimeSeconds()}.000";
        var full = OpenMetrics(cluster).Split('\n').Where(l => l.EndsWith(stamp, StringComparison.Ordinal)).ToHashSet();

        Assert.Subset(window.ToHashSet(), full);
        Assert.Equal(full.Count, window.Count(l => l.EndsWith(stamp, StringComparison.Ordinal)));
    }

    [Fact]
    public void GroundTruth_NamesEveryInjectedIncidentAndItsPods()
    {
        var truth = DefaultScenario.Build().GroundTruth;

        Assert.Equal(Enum.GetValues<IncidentKind>().Order(), truth.Incidents.Select(i => i.Kind).Order());
        // Workloads steady near their limit belong to the state scenario (StateScenarioTests), not to this one.
        Assert.Equal(Enum.GetValues<BenignEventKind>().Except([BenignEventKind.SteadyNearLimit]).Order(), truth.BenignEvents.Select(e => e.Kind).Distinct().Order());
        var crash = truth.Incidents.Single(i => i.Kind == IncidentKind.CrashLoop);
        var pod = Assert.Single(crash.AffectedPods);
        Assert.StartsWith("api-", pod.Name, StringComparison.Ordinal);
        Assert.True(truth.IsIncident(pod, crash.Start, crash.End));
        Assert.True(truth.IsIncident(EntityRef.Deployment("payments", "api"), crash.Start, crash.End));
        Assert.False(truth.IsIncident(pod, crash.Start.AddHours(-1), crash.Start.AddMinutes(-1)));
        Assert.Equal([IncidentKind.CpuSaturation], truth.KindsFor(EntityRef.Deployment("shop", "checkout"), DefaultScenario.Start, DefaultScenario.End));
        Assert.False(truth.IsIncident(EntityRef.Deployment("shop", "api"), DefaultScenario.Start, DefaultScenario.End)); // always busy, not broken
    }

    [Fact]
    public void RollingUpdate_ReplacesPodNamesUnderANewReplicaSet()
    {
        var frontend = DefaultScenario.Build().Deployment("shop", "frontend");
        var before = frontend.PodsAt(DefaultScenario.Start.AddMinutes(29)).ToList();
        var after = frontend.PodsAt(DefaultScenario.Start.AddMinutes(35)).ToList();

        Assert.Equal(2, before.Count);
        Assert.Equal(2, after.Count);
        Assert.Empty(before.Select(p => p.Name).Intersect(after.Select(p => p.Name)));
        Assert.Equal(2, frontend.ReplicaSets.Count);
        Assert.All(after, p => Assert.Equal(frontend.ReplicaSets[1].Name, p.OwnerName));
    }

    [Fact]
    public void CounterSeries_NeverDecrease()
    {
        var cluster = DefaultScenario.Build();
        var counters = cluster.Families().Where(f => f.Type is MetricType.Counter or MetricType.Histogram).SelectMany(f => f.Series);

        foreach (var series in counters)
        {
            var previous = double.NegativeInfinity;
            for (long i = 0; i < cluster.StepCount; i += 1)
            {
                if (series.Value(cluster.TimeOf(i)) is { } value)
                {
                    Assert.True(value >= previous, $"{series.SampleName}{series.Labels} fell from {previous} to {value} at step {i}");
                    previous = value;
                }
            }
        }
    }

    [Fact]
    public void Generate_TwentyThousandPods_WritesEverySeriesOfTheWindow()
    {
        var start = new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
        var cluster = new SyntheticClusterBuilder(seed: 3)
            .WithShape(namespaces: 40, deploymentsPerNamespace: 50, replicas: 10, nodes: 200)
            .Between(start.AddDays(-1), start)
            .Build();

        var samples = ExpositionWriter.WriteOpenMetrics(cluster, TextWriter.Null, start.AddMinutes(-1), start);

        Assert.Equal(20_000, cluster.Pods.Count);
        // Ten series per pod (info, owner, requests×2, limits×2, restarts, waiting, CPU, memory) at the window's 5 steps.
        Assert.True(samples >= 20_000 * 10 * 5, $"{samples} samples");
    }
}
