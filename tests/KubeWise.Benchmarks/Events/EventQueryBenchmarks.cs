using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using KubeWise.Core.Events;

namespace KubeWise.Benchmarks.Events;

/// <summary>
/// On a store holding 100,000 events: one filtered page, and one compare-and-set transition.
/// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*EventQuery*' --job short
/// </summary>
[MemoryDiagnoser]
public class EventQueryBenchmarks
{
    private const int Seeded = 100_000;
    private const int TransitionsPerIteration = 50;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private BenchmarkStore? _store;
    private int _next = Seeded;
    private List<AnomalyEvent> _pending = [];

    [Params(BenchmarkStore.LiteDb, BenchmarkStore.Mongo)]
    public string Store { get; set; } = BenchmarkStore.LiteDb;

    [GlobalSetup]
    public async Task Seed()
    {
        _store = new BenchmarkStore(Store);
        await _store.SeedAsync(Enumerable.Range(0, Seeded).Select(i => BenchmarkStore.Sample(i, Start)));
    }

    [GlobalCleanup]
    public Task Close() => _store!.DisposeAsync().AsTask();

    /// <summary>Newest 50 Detected events of one namespace within a day (about 250 of the 100,000 match).</summary>
    [Benchmark]
    public Task<EventPage> ListFilteredPage() => _store!.Store.ListAsync(new EventQuery
    {
        Statuses = [AnomalyStatus.Detected],
        Namespace = "team-7",
        DetectedFrom = Start,
        DetectedTo = Start.AddDays(1),
        Limit = 50,
    });

    [IterationSetup(Target = nameof(CompareAndSetTransition))]
    public void CreateTransitionTargets()
    {
        _pending = [];
        for (var i = 0; i < TransitionsPerIteration; i++)
        {
            _pending.Add(_store!.Store.CreateAsync(BenchmarkStore.Sample(_next++, Start)).GetAwaiter().GetResult().Event);
        }
    }

    /// <summary>Detected → Analyzing (read, check, FindOneAndUpdate); reported per transition.</summary>
    [Benchmark(OperationsPerInvoke = TransitionsPerIteration)]
    [InvocationCount(1)]
    public async Task CompareAndSetTransition()
    {
        foreach (var anomaly in _pending)
        {
            await _store!.Store.ApplyAsync(new EventChange
            {
                AnomalyId = anomaly.AnomalyId,
                ExpectedStatus = AnomalyStatus.Detected,
                ExpectedVersion = 0,
                NewStatus = AnomalyStatus.Analyzing,
                Actor = "benchmark",
            });
        }
    }
}
