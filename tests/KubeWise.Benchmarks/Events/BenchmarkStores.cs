using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Core.Events.Mongo;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Benchmarks.Events;

/// <summary>Opens a fresh, empty store of either kind; MongoDB is the server in <c>MONGO_URL</c> (CongoDB in CI).</summary>
internal sealed class BenchmarkStore : IAsyncDisposable
{
    public const string LiteDb = "LiteDb";
    public const string Mongo = "Mongo";

    private readonly LiteDbContext? _lite;
    private readonly MongoContext? _mongo;
    private readonly string? _folder;

    public BenchmarkStore(string kind)
    {
        if (kind == LiteDb)
        {
            _folder = Path.Combine(Path.GetTempPath(), "kw-bench-" + Guid.NewGuid().ToString("N"));
            _lite = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));
            Store = new LiteDbEventStore(_lite, TimeProvider.System);
        }
        else
        {
            var url = Environment.GetEnvironmentVariable("MONGO_URL");
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new InvalidOperationException("MONGO_URL is not set: `source tests/setup/20-mongo.sh` first.");
            }

            _mongo = new MongoContext(Options.Create(new MongoOptions { ConnectionString = url, DatabaseName = $"kw_bench_{Guid.NewGuid():N}" }));
            Store = new MongoEventStore(_mongo, TimeProvider.System);
        }
    }

    public IEventStore Store { get; }

    /// <summary>Loads events in bulk (setup only: it skips the per-event upsert the benchmarks measure).</summary>
    public async Task SeedAsync(IEnumerable<AnomalyEvent> events)
    {
        var now = DateTimeOffset.UtcNow;
        var batch = events.Select(e => e with { UpdatedAt = now }).ToList();
        if (_lite is not null)
        {
            _lite.Events.InsertBulk(batch.Select(LiteDbEventMapping.ToDocument));
            return;
        }

        foreach (var chunk in batch.Chunk(1000))
        {
            await _mongo!.Events.InsertManyAsync(chunk.Select(e =>
            {
                var document = MongoEventMapping.ToFields(e);
                document.InsertAt(0, new BsonElement("_id", MongoEventMapping.KeyOf(e.AnomalyId)));
                return document;
            }));
        }
    }

    public static AnomalyEvent Sample(int i, DateTimeOffset start) => new()
    {
        AnomalyId = new Guid(i, 0, 0, new byte[8]).ToString("D"),
        DetectionTimestamp = start.AddSeconds(i),
        EntityId = $"app-{i % 500}",
        EntityType = i % 10 == 0 ? "node" : "deployment",
        Namespace = i % 10 == 0 ? null : $"team-{i % 20}",
        AnomalyScore = -0.2 - (i % 100) / 1000.0,
        SuggestedRemediationCommands = [$"restart_deployment name=app-{i % 500} ns=team-{i % 20}"],
        AiAnalysis = new AiAnalysis { RootCause = "Memory pressure", Severity = "MEDIUM", Description = "Working set near limit" },
        MetricsSnapshot =
        [
            new MetricSnapshot
            {
                Query = "sum(container_memory_working_set_bytes) by (pod)",
                Labels = new Dictionary<string, string> { ["pod"] = $"app-{i % 500}-abc" },
                Values = [new MetricPoint(1_700_000_000 + i, "123456789"), new MetricPoint(1_700_000_015 + i, "123999999")],
            },
        ],
    };

    public async ValueTask DisposeAsync()
    {
        if (_lite is not null)
        {
            _lite.Dispose();
            Directory.Delete(_folder!, recursive: true);
        }

        if (_mongo is not null)
        {
            await _mongo.Client.DropDatabaseAsync(_mongo.Database.DatabaseNamespace.DatabaseName);
            _mongo.Client.Dispose();
        }
    }
}
