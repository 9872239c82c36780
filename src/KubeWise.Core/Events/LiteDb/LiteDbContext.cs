using KubeWise.Core.Telemetry;
using LiteDB;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Events.LiteDb;

/// <summary>
/// The embedded database file, opened once per process. Writes are serialized by <see cref="WriteLock"/>, which is
/// what makes read-check-write a compare-and-set here; a second process must not open the same file.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    public const string EventsCollectionName = "anomaly_events";

    public LiteDbContext(IOptions<LiteDbOptions> options)
    {
        var path = Path.GetFullPath(options.Value.FilePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteException)
        {
            throw new EventStoreUnavailableException($"Cannot open the event store file '{path}': {ex.Message}", ex);
        }

        FilePath = path;
        Events = Database.GetCollection(EventsCollectionName);
        // No index on status: it is the least selective filter, yet LiteDB's planner would pick it over
        // namespace/entity and scan most of the collection (measured on 100,000 events).
        Events.EnsureIndex("anomaly_id", "$.anomaly_id");
        Events.EnsureIndex("entity_id", "$.entity_id");
        Events.EnsureIndex("namespace", "$.namespace");
        Events.EnsureIndex(LiteDbEventMapping.DetectedAt, "$." + LiteDbEventMapping.DetectedAt);
        Events.EnsureIndex(LiteDbEventMapping.SortKey, "$." + LiteDbEventMapping.SortKey);
    }

    public string FilePath { get; }

    public LiteDatabase Database { get; }

    public ILiteCollection<BsonDocument> Events { get; }

    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    public ILiteCollection<BsonDocument> Shared(SharedCollection collection) => Database.GetCollection(SharedCollections.Name(collection));

    /// <summary>Runs a store call; file and lock failures become <see cref="EventStoreUnavailableException"/>.</summary>
    public T Run<T>(string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or (LiteException { ErrorCode: LiteException.LOCK_TIMEOUT }))
        {
            KubeWiseTelemetry.StoreError("litedb");
            throw new EventStoreUnavailableException($"{operation}: the event store file '{FilePath}' is unavailable: {ex.Message}", ex);
        }
    }

    public async Task<T> WriteAsync<T>(string operation, Func<T> action, CancellationToken cancellationToken)
    {
        await WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Run(operation, action);
        }
        finally
        {
            WriteLock.Release();
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        WriteLock.Dispose();
    }
}
