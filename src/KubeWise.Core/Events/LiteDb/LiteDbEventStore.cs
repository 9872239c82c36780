using LiteDB;

namespace KubeWise.Core.Events.LiteDb;

/// <summary>Events in the embedded LiteDB file (the default when no MongoDB connection string is set).</summary>
public sealed class LiteDbEventStore(LiteDbContext context, TimeProvider timeProvider) : EventStoreBase(timeProvider)
{
    public override Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var count = context.Run("health check", () => context.Events.LongCount());
            return Task.FromResult(new StoreHealth(true, "LiteDB", $"Embedded store at {context.FilePath} ({count} events)"));
        }
        catch (EventStoreUnavailableException ex)
        {
            return Task.FromResult(new StoreHealth(false, "LiteDB", ex.Message));
        }
    }

    protected override Task<EventCreateResult> CreateCoreAsync(AnomalyEvent fresh, CancellationToken cancellationToken) =>
        context.WriteAsync("create event", () =>
        {
            var existing = context.Events.FindById(fresh.AnomalyId);
            if (existing is not null)
            {
                return new EventCreateResult(LiteDbEventMapping.FromDocument(existing), Created: false);
            }

            context.Events.Insert(LiteDbEventMapping.ToDocument(fresh));
            return new EventCreateResult(fresh, Created: true);
        }, cancellationToken);

    protected override Task<AnomalyEvent?> GetCoreAsync(string anomalyId, CancellationToken cancellationToken) =>
        Task.FromResult(context.Run("read event", () =>
        {
            var document = context.Events.FindById(anomalyId);
            return document is null ? null : LiteDbEventMapping.FromDocument(document);
        }));

    protected override Task<EventPage> ListCoreAsync(EventQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(context.Run("list events", () =>
        {
            var filter = BuildFilter(query);
            var queryable = context.Events.Query();
            if (filter is not null)
            {
                queryable = queryable.Where(filter);
            }

            var total = filter is null ? context.Events.LongCount() : context.Events.LongCount(filter);
            var documents = queryable.OrderBy(LiteDbEventMapping.SortKey).Skip(query.Skip).Limit(query.Limit).ToList();
            return new EventPage([.. documents.Select(LiteDbEventMapping.FromDocument)], total, query.Skip, query.Limit);
        }));

    protected override Task<bool> TryReplaceAsync(AnomalyEvent next, AnomalyStatus expectedStatus, long expectedVersion, CancellationToken cancellationToken) =>
        context.WriteAsync("change event", () =>
        {
            // Under the write lock, this read-check-write is the compare-and-set.
            var current = context.Events.FindById(next.AnomalyId);
            if (current is null || current["status"].AsString != expectedStatus.ToString() || current["version"].AsInt64 != expectedVersion)
            {
                return false;
            }

            return context.Events.Update(LiteDbEventMapping.ToDocument(next));
        }, cancellationToken);

    protected override Task<long> PurgeResolvedCoreAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        context.WriteAsync("purge events", () => (long)context.Events.DeleteMany(Query.And(
            Query.EQ("status", nameof(AnomalyStatus.Resolved)),
            Query.LT(LiteDbEventMapping.UpdatedAt, cutoff.UtcDateTime))), cancellationToken);

    private static BsonExpression? BuildFilter(EventQuery query)
    {
        var filters = new List<BsonExpression>();
        if (query.Statuses.Count > 0)
        {
            filters.Add(Query.In("status", new BsonArray(query.Statuses.Select(s => new BsonValue(s.ToString())))));
        }

        AddEq(filters, "namespace", query.Namespace);
        AddEq(filters, "entity_id", query.EntityId);
        AddEq(filters, "entity_type", query.EntityType);
        if (query.DetectedFrom is { } from)
        {
            filters.Add(Query.GTE(LiteDbEventMapping.DetectedAt, from.UtcDateTime));
        }

        if (query.DetectedTo is { } to)
        {
            filters.Add(Query.LT(LiteDbEventMapping.DetectedAt, to.UtcDateTime));
        }

        if (query.UpdatedFrom is { } changed)
        {
            filters.Add(Query.GTE(LiteDbEventMapping.UpdatedAt, changed.UtcDateTime));
        }

        return filters.Count switch
        {
            0 => null,
            1 => filters[0],
            _ => Query.And([.. filters]),
        };
    }

    private static void AddEq(List<BsonExpression> filters, string field, string? value)
    {
        if (value is not null)
        {
            filters.Add(Query.EQ(field, value));
        }
    }
}
