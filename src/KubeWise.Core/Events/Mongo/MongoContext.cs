using KubeWise.Core.Telemetry;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Events.Mongo;

/// <summary>
/// The MongoDB client, database and collections, created once per process. Indexes are created on first use.
/// Correctness never depends on what the CongoDB wire server lacks (unique indexes, TTL, transactions, non-ObjectId
/// <c>_id</c>): every document's <c>_id</c> is an ObjectId derived from its key, and all indexes are plain.
/// </summary>
public sealed class MongoContext : IDisposable
{
    public const string EventsCollectionName = "anomaly_events";

    private readonly ILogger _logger;
    private readonly TimeSpan _operationTimeout;
    private readonly Lock _indexLock = new();
    private Task? _indexes;

    public MongoContext(IOptions<MongoOptions> options, ILogger<MongoContext>? logger = null)
    {
        var value = options.Value;
        if (string.IsNullOrWhiteSpace(value.ConnectionString))
        {
            throw new InvalidOperationException("Mongo:ConnectionString (MONGODB_ATLAS_URI) is not set.");
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _operationTimeout = TimeSpan.FromSeconds(value.OperationTimeoutSeconds);
        var settings = MongoClientSettings.FromConnectionString(value.ConnectionString);
        settings.ServerSelectionTimeout = TimeSpan.FromSeconds(value.ServerSelectionTimeoutSeconds);
        settings.ConnectTimeout = TimeSpan.FromSeconds(value.ServerSelectionTimeoutSeconds);
        settings.SocketTimeout = _operationTimeout;
        Client = new MongoClient(settings);
        Database = Client.GetDatabase(value.DatabaseName);
        Events = Database.GetCollection<BsonDocument>(EventsCollectionName);
    }

    public IMongoClient Client { get; }

    public IMongoDatabase Database { get; }

    public IMongoCollection<BsonDocument> Events { get; }

    public void Dispose() => Client.Dispose();

    public IMongoCollection<BsonDocument> Shared(SharedCollection collection) =>
        Database.GetCollection<BsonDocument>(SharedCollections.Name(collection));

    /// <summary>
    /// Runs one store operation with the configured time limit; every way the server can be unreachable or slow
    /// becomes an <see cref="EventStoreUnavailableException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_operationTimeout);
        try
        {
            await EnsureIndexesAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
            return await action(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(operation, $"MongoDB did not answer within {_operationTimeout.TotalSeconds:0.#} s.", ex);
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            throw Unavailable(operation, $"MongoDB is unavailable: {ex.Message}", ex);
        }
    }

    private Task EnsureIndexesAsync()
    {
        lock (_indexLock)
        {
            // A failed attempt (server down) must not poison later calls: try again next time.
            if (_indexes is null || _indexes.IsFaulted || _indexes.IsCanceled)
            {
                _indexes = CreateIndexesAsync();
            }

            return _indexes;
        }
    }

    private EventStoreUnavailableException Unavailable(string operation, string message, Exception ex)
    {
        Log.StoreUnavailable(_logger, operation, ex);
        KubeWiseTelemetry.StoreError("mongodb");
        return new EventStoreUnavailableException($"{operation}: {message}", ex);
    }

    private static bool IsTransient(Exception ex) => ex is TimeoutException
        or MongoConnectionException
        or MongoExecutionTimeoutException
        or MongoNotPrimaryException
        or MongoNodeIsRecoveringException
        or MongoClientException { InnerException: SocketException or IOException }
        or SocketException
        or IOException;

    private async Task CreateIndexesAsync()
    {
        IndexKeysDefinitionBuilder<BsonDocument> keys = Builders<BsonDocument>.IndexKeys;
        await Events.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<BsonDocument>(keys.Ascending("anomaly_id"), new CreateIndexOptions { Name = "anomaly_id" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("status").Descending(MongoEventMapping.DetectedAt), new CreateIndexOptions { Name = "status_detected" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("entity_type").Ascending("namespace").Ascending("entity_id"), new CreateIndexOptions { Name = "entity" }),
            new CreateIndexModel<BsonDocument>(keys.Descending(MongoEventMapping.DetectedAt).Ascending("anomaly_id"), new CreateIndexOptions { Name = "detected" }),
            new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending(MongoEventMapping.UpdatedAt), new CreateIndexOptions { Name = "status_updated" }),
        ]).ConfigureAwait(false);
        foreach (var collection in Enum.GetValues<SharedCollection>())
        {
            await Shared(collection).Indexes.CreateOneAsync(
                new CreateIndexModel<BsonDocument>(keys.Ascending("key"), new CreateIndexOptions { Name = "key" })).ConfigureAwait(false);
        }
    }
}
