using BenchmarkDotNet.Attributes;
using KubeWise.Core.Events;
using KubeWise.Core.Entities;
using KubeWise.Core.Incidents;
using KubeWise.Application.Workflows;
using KubeWise.Functions.Triggers;
using Microsoft.Extensions.Options;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// What the timer adds to each scan cycle before any orchestration starts: load the incident book (one JSON document in
/// the shared store), apply the cycle's findings, save it. At 5,000 pods a cycle judges about 1,450 entities; the book
/// holds every (entity, kind) seen anomalous in the last day, so its size is the parameter.
/// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*IncidentBook*' --job short
/// </summary>
[MemoryDiagnoser]
public class IncidentBookBenchmarks
{
    private const int JudgedEntities = 1_450;
    private const int Findings = 20;
    private static readonly DateTimeOffset At = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly IncidentTracker _tracker = new(Options.Create(new IncidentOptions()));
    private IncidentBook _book = IncidentBook.Empty;
    private string _stored = "";
    private CycleObservation _cycle = null!;

    [Params(100, 1_000, 10_000)]
    public int BookEntries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Entries from earlier cycles: open incidents and pending findings on entities this cycle may not judge.
        var entries = Enumerable.Range(0, BookEntries).Select(i =>
        {
            var entity = new EntityKey(EntityType.Deployment, $"team-{i % 40}", $"app-{i}");
            var key = IncidentKey.Of(entity, i % 3 == 0 ? "CrashLoopBackOff" : "forest");
            var instanceId = IncidentKey.InstanceId(key, At.AddMinutes(-5));
            return new IncidentEntry
            {
                Key = key,
                Entity = entity,
                Kind = i % 3 == 0 ? "CrashLoopBackOff" : "forest",
                ConsecutiveCycles = 2 + (i % 5),
                FirstSeen = At.AddMinutes(-10),
                LastSeen = At.AddSeconds(-30),
                LastScore = -0.6,
                OpenedAt = i % 2 == 0 ? At.AddMinutes(-5) : null,
                InstanceId = i % 2 == 0 ? instanceId : null,
                AnomalyId = i % 2 == 0 ? IncidentKey.AnomalyId(instanceId) : null,
                Started = i % 2 == 0,
            };
        }).ToList();
        _book = new IncidentBook { Entries = entries, LastSuccessfulCycle = At.AddSeconds(-30) };
        _stored = EventJson.Serialize(_book);
        var judged = Enumerable.Range(0, JudgedEntities).Select(i => new EntityKey(EntityType.Deployment, $"team-{i % 40}", $"app-{i}")).ToList();
        var signals = Enumerable.Range(0, Findings).Select(i => new IncidentSignal(judged[i * 7], i % 2 == 0 ? "CrashLoopBackOff" : "forest", -0.7)).ToList();
        _cycle = new CycleObservation(At, judged, signals);
    }

    /// <summary>The same work as <see cref="ScanWorkflow.TickAsync"/> between the scan and the starts, without the store's I/O.</summary>
    [Benchmark]
    public string LoadApplySave()
    {
        var book = EventJson.Deserialize<IncidentBook>(_stored);
        var decisions = _tracker.Apply(book, _cycle);
        return EventJson.Serialize(decisions.Book);
    }

    [Benchmark]
    public IncidentDecisions ApplyOnly() => _tracker.Apply(_book, _cycle);
}
