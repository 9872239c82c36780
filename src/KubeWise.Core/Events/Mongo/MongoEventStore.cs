using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Events.Mongo;

/// <summary>Events in the <c>anomaly_events</c> collection. Every write is a single-document FindOneAndUpdate.</summary>
public sealed class MongoEventStore(MongoContext context, TimeProvider timeProvider) : EventStoreBase(timeProvider)
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public override async Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await context.RunAsync("health check", ct => context.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: ct), cancellationToken).ConfigureAwait(false);
            return new StoreHealth(true, "MongoDB", $"Connected to MongoDB database {context.Database.DatabaseNamespace.DatabaseName}");
        }
        catch (EventStoreUnavailableException ex)
        {
            return new StoreHealth(false, "MongoDB", ex.Message);
        }
    }

    protected override Task<EventCreateResult> CreateCoreAsync(AnomalyEvent fresh, CancellationToken cancellationToken) =>
        context.RunAsync("create event", async ct =>
        {
            // Upsert on the derived _id: the _id index is unique on every server, so a retried or concurrent create
            // finds the first one's document instead of adding a second.
            var before = await context.Events.FindOneAndUpdateAsync(
                Filter.Eq("_id", MongoEventMapping.KeyOf(fresh.AnomalyId)),
                new BsonDocument("$setOnInsert", MongoEventMapping.ToFields(fresh)),
                new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.Before },
                ct).ConfigureAwait(false);
            return before is null
                ? new EventCreateResult(fresh, Created: true)
                : new EventCreateResult(MongoEventMapping.FromDocument(before), Created: false);
        }, cancellationToken);

    protected override Task<AnomalyEvent?> GetCoreAsync(string anomalyId, CancellationToken cancellationToken) =>
        context.RunAsync("read event", async ct =>
        {
            var document = await context.Events.Find(Filter.Eq("_id", MongoEventMapping.KeyOf(anomalyId)))
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return document is null ? null : MongoEventMapping.FromDocument(document);
        }, cancellationToken);

    protected override Task<EventPage> ListCoreAsync(EventQuery query, CancellationToken cancellationToken) =>
        context.RunAsync("list events", async ct =>
        {
            var filter = BuildFilter(query);
            var total = await context.Events.CountDocumentsAsync(filter, cancellationToken: ct).ConfigureAwait(false);
            var documents = await context.Events.Find(filter)
                .Sort(Builders<BsonDocument>.Sort.Descending(MongoEventMapping.DetectedAt).Ascending("anomaly_id"))
                .Skip(query.Skip)
                .Limit(query.Limit)
                .ToListAsync(ct).ConfigureAwait(false);
            return new EventPage([.. documents.Select(MongoEventMapping.FromDocument)], total, query.Skip, query.Limit);
        }, cancellationToken);

    protected override Task<bool> TryReplaceAsync(AnomalyEvent next, AnomalyStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken) =>
        context.RunAsync("change event", async ct =>
        {
            // Compare-and-set: the filter carries the expected status and version, so of two writers that read the
            // same version only the first matches; the whole change is one document write, never half applied.
            var after = await context.Events.FindOneAndUpdateAsync(
                Filter.Eq("_id", MongoEventMapping.KeyOf(next.AnomalyId))
                    & Filter.Eq("status", expectedStatus.ToString())
                    & Filter.Eq("version", expectedVersion),
                new BsonDocument("$set", MongoEventMapping.ToFields(next)),
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After, Projection = Builders<BsonDocument>.Projection.Include("_id") },
                ct).ConfigureAwait(false);
            return after is not null;
        }, cancellationToken);

    protected override Task<long> PurgeResolvedCoreAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        context.RunAsync("purge events", async ct =>
        {
            var result = await context.Events.DeleteManyAsync(
                Filter.Eq("status", nameof(AnomalyStatus.Resolved)) & Filter.Lt(MongoEventMapping.UpdatedAt, cutoff.UtcDateTime),
                ct).ConfigureAwait(false);
            return result.DeletedCount;
        }, cancellationToken);

    private static FilterDefinition<BsonDocument> BuildFilter(EventQuery query)
    {
        var filters = new List<FilterDefinition<BsonDocument>>();
        if (query.Statuses.Count > 0)
        {
            filters.Add(Filter.In("status", query.Statuses.Select(s => s.ToString())));
        }

        AddEq(filters, "namespace", query.Namespace);
        AddEq(filters, "entity_id", query.EntityId);
        AddEq(filters, "entity_type", query.EntityType);
        if (query.DetectedFrom is { } from)
        {
            filters.Add(Filter.Gte(MongoEventMapping.DetectedAt, from.UtcDateTime));
        }

        if (query.DetectedTo is { } to)
        {
            filters.Add(Filter.Lt(MongoEventMapping.DetectedAt, to.UtcDateTime));
        }

        if (query.UpdatedFrom is { } changed)
        {
            filters.Add(Filter.Gte(MongoEventMapping.UpdatedAt, changed.UtcDateTime));
        }

        return filters.Count == 0 ? Filter.Empty : Filter.And(filters);
    }

    private static void AddEq(List<FilterDefinition<BsonDocument>> filters, string field, string? value)
    {
        if (value is not null)
        {
            filters.Add(Filter.Eq(field, value));
        }
    }
}
