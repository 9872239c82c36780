using KubeWise.Testing.Prometheus.Synthetic;
using Xunit.Abstractions;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// Recall and false positives of the whole scan cycle over 20 generator seeds, each served by its own real Prometheus:
/// every incident kind once per seed, and every benign event (rolling update, HPA scale-out, CronJob burst, new node,
/// always-busy workload). Cycles run every two minutes from t+12 min to the end (two hours), as the timer would.
/// </summary>
public sealed class DetectionQualityTests(ITestOutputHelper output)
{
    private const int Seeds = 20;

    [Fact]
    public async Task Scan_TwentySeeds_FindsTheIncidentsAndLittleElse()
    {
        var total = new DetectionQuality();
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var cluster = DefaultScenario.Build(seed);
            await using var prometheus = await HistoryPrometheus.StartAsync(cluster);
            var quality = await DetectionQuality.MeasureAsync(prometheus.Url, cluster, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(2), seed);
            output.WriteLine($"seed {seed,2}: recall {quality.Recalled}/{quality.Incidents}, false-positive flags {quality.FalsePositiveFlags} of {quality.NegativeChecks} healthy entity-cycles");
            total.Add(quality);
        }

        output.WriteLine($"TOTAL over {Seeds} seeds, {total.Cycles} cycles: recall {total.Recall:P1} ({total.Recalled}/{total.Incidents}); " +
                         $"false-positive rate {total.FalsePositiveRate:P2} ({total.FalsePositiveFlags}/{total.NegativeChecks} healthy entity-cycles)");
        foreach (var (kind, (count, recalled)) in total.ByKind.OrderBy(k => k.Key))
        {
            output.WriteLine($"  {kind,-20} {recalled}/{count}");
        }

        total.Missed.ForEach(m => output.WriteLine("  missed: " + m));
        total.FalsePositives.ForEach(f => output.WriteLine("  false positive: " + f));

        Assert.True(total.Recall >= 0.95, $"recall {total.Recall:P1}");
        Assert.True(total.FalsePositiveRate <= 0.005, $"false-positive rate {total.FalsePositiveRate:P2}");
    }
}
