using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// Facts read since a fix: what the pods did before the fix (OOM kills, restarts) does not count against it, what they
/// do after it does, and an entity with no sample since the fix is not judged at all.
/// </summary>
public sealed class EntityFactsReaderTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Fix = End.AddMinutes(-4);
    private static readonly EntityKey Cart = new(EntityType.Deployment, "shop", "cart");

    // Two pods OOM-killed before the fix (restarts 2 → 4 in the window); the restart replaced them with new pods.
    private static readonly double[] RestartsBeforeFix = [2, 2, 3, 4, 4];
    private static readonly double[] OomBeforeFix = [2, 2, 2, 2, 2];

    [Fact]
    public void Complete_WholeWindow_OomKillsBeforeTheFixFlagTheEntity()
    {
        var window = EntityFactsReader.Complete(Window(Restarts(RestartsBeforeFix, [0, 0, 0, 0]), Oom(OomBeforeFix, [])));

        Assert.Equal((2, 2.0), (window.Facts.OomKilledContainers, window.Facts.RestartsInWindow));
        Assert.NotNull(new OomKilledDetector().Detect(window));
    }

    [Fact]
    public void Complete_SinceTheFix_OomKillsAndRestartsBeforeItDoNotCount()
    {
        var window = EntityFactsReader.Complete(Window(Restarts(RestartsBeforeFix, [0, 0, 0, 0]), Oom(OomBeforeFix, [])), since: Fix);

        Assert.Null(window.Facts.OomKilledContainers);
        Assert.Equal(0, window.Facts.RestartsInWindow);
        Assert.Null(new OomKilledDetector().Detect(window));
    }

    [Fact]
    public void Complete_SinceTheFix_AnOomKillAfterItStillFlagsTheEntity()
    {
        var window = EntityFactsReader.Complete(Window(Restarts(RestartsBeforeFix, [0, 0, 1, 1]), Oom(OomBeforeFix, [0, 0, 1, 1])), since: Fix);

        Assert.Equal((1, 1.0), (window.Facts.OomKilledContainers, window.Facts.RestartsInWindow));
        var found = new OomKilledDetector().Detect(window);
        Assert.NotNull(found);
        Assert.Equal("OOMKilled", found.Detector);
    }

    [Fact]
    public void Build_NoSampleSinceTheFix_EntityIsNotJudged()
    {
        static EntityWindowBuilder Builder(DateTimeOffset? since, params double[] after)
        {
            var builder = new EntityWindowBuilder(OwnerMap.Empty, [], End, since);
            builder.Add(Query(BuiltInQueries.Restarts), Answer(Restarts(RestartsBeforeFix, after)));
            return builder;
        }

        Assert.Empty(Builder(Fix).Build());
        Assert.Equal(Cart, Assert.Single(Builder(since: null).Build()).Entity);
        Assert.Equal(Cart, Assert.Single(Builder(Fix, 0).Build()).Entity);
    }

    private static CatalogQuery Query(string id) => BuiltInQueries.All.Single(q => q.Id == id);

    private static PrometheusQueryResult Answer(MetricSeries series) => new()
    {
        Query = series.Name,
        ResultType = PrometheusResultType.Matrix,
        Series =
        [
            new PrometheusSeries(
                new Dictionary<string, string> { ["namespace"] = "shop", ["owner_kind"] = "ReplicaSet", ["owner_name"] = "cart-7d4b9c8f6d" },
                [.. series.Samples.ToArray().Select(s => new PrometheusSample(s.Timestamp, s.Value))]),
        ],
    };

    private static EntityWindow Window(params MetricSeries[] metrics) => new(Cart, End, metrics);

    private static MetricSeries Restarts(double[] before, double[] after) => Series(BuiltInQueries.Restarts, MetricKind.Counter, before, after);

    private static MetricSeries Oom(double[] before, double[] after) => Series(BuiltInQueries.OomKilledContainers, MetricKind.Gauge, before, after);

    // Samples every 30 s: `before` up to 30 s before the fix, `after` from the fix on.
    private static MetricSeries Series(string name, MetricKind kind, double[] before, double[] after) => new(
        name,
        kind,
        (MetricSample[])
        [
            .. before.Select((v, i) => new MetricSample(Fix.AddSeconds(-30 * (before.Length - i)), v)),
            .. after.Select((v, i) => new MetricSample(Fix.AddSeconds(30 * i), v)),
        ]);
}
