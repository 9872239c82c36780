using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace KubeWise.Benchmarks.Events;

/// <summary>
/// Inserts events one by one through <c>CreateAsync</c> (the idempotent upsert) into an empty store: 100,000 into
/// LiteDB and into MongoDB. The CongoDB wire server scans its whole collection on every findAndModify (it has no
/// index use), so 100,000 upserts there take hours; set KW_BENCH_MONGO_INSERTS (default 10000) to 100000 against a
/// real mongod.
/// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*EventInsert*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
[MemoryDiagnoser]
public class EventInsertBenchmarks
{
    private BenchmarkStore? _store;

    /// <summary>Store kind and event count, e.g. <c>LiteDb x 100000</c>.</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    public static IEnumerable<string> Cases =>
    [
        $"{BenchmarkStore.LiteDb} x 100000",
        $"{BenchmarkStore.Mongo} x {Environment.GetEnvironmentVariable("KW_BENCH_MONGO_INSERTS") ?? "10000"}",
    ];

    [IterationSetup]
    public void Open() => _store = new BenchmarkStore(Case.Split(" x ")[0]);

    [IterationCleanup]
    public void Close() => _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task InsertEvents()
    {
        var count = int.Parse(Case.Split(" x ")[1], System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            await _store!.Store.CreateAsync(BenchmarkStore.Sample(i, start));
        }
    }
}
