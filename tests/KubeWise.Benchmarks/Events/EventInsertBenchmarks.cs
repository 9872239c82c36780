using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace KubeWise.Benchmarks.Events;

/// <summary>
/// Inserts 100,000 events one by one through <c>CreateAsync</c> (the idempotent upsert) into an empty store.
/// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*EventInsert*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
[MemoryDiagnoser]
public class EventInsertBenchmarks
{
    private BenchmarkStore? _store;

    [Params(BenchmarkStore.LiteDb, BenchmarkStore.Mongo)]
    public string Store { get; set; } = BenchmarkStore.LiteDb;

    [Params(100_000)]
    public int Count { get; set; }

    [IterationSetup]
    public void Open() => _store = new BenchmarkStore(Store);

    [IterationCleanup]
    public void Close() => _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task InsertEvents()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Count; i++)
        {
            await _store!.Store.CreateAsync(BenchmarkStore.Sample(i, start));
        }
    }
}
