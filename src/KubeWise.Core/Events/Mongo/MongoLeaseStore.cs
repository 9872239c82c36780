using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Events.Mongo;

/// <summary>
/// The <c>leases</c> collection. Taking a lease is one <c>findOneAndUpdate</c> whose filter says "mine, or expired", so
/// two processes racing for it cannot both win. Expiry is compared in milliseconds since the epoch.
/// </summary>
public sealed class MongoLeaseStore(MongoContext context, TimeProvider timeProvider) : ILeaseStore
{
    public Task<StoredLease> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Leases.Check(name, holder, duration);
        return context.RunAsync($"take lease {name}", async ct =>
        {
            var leases = Collection();
            var id = KeyOf(name);
            var now = timeProvider.GetUtcNow();
            var expires = (now + duration).ToUnixTimeMilliseconds();
            var filter = Builders<BsonDocument>.Filter.And(
                Builders<BsonDocument>.Filter.Eq("_id", id),
                Builders<BsonDocument>.Filter.Or(
                    Builders<BsonDocument>.Filter.Eq("holder", holder),
                    Builders<BsonDocument>.Filter.Lte("expires_at_ms", now.ToUnixTimeMilliseconds())));
            var current = await leases.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (current is null)
            {
                try
                {
                    var created = new BsonDocument { ["_id"] = id, ["name"] = name, ["holder"] = holder, ["expires_at_ms"] = expires, ["generation"] = 1L };
                    await leases.InsertOneAsync(created, cancellationToken: ct).ConfigureAwait(false);
                    return ToLease(created);
                }
                catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    // Another process created it first: fall through to the compare-and-set, which it now decides.
                }
            }

            var changesHands = current is null || current["holder"].AsString != holder;
            var update = Builders<BsonDocument>.Update.Set("holder", holder).Set("expires_at_ms", expires);
            if (changesHands)
            {
                update = update.Inc("generation", 1L);
            }

            var taken = await leases.FindOneAndUpdateAsync(filter, update,
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After }, ct).ConfigureAwait(false);
            if (taken is not null)
            {
                return ToLease(taken);
            }

            var holderNow = await leases.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return holderNow is null ? new StoredLease(name, string.Empty, now, 0) : ToLease(holderNow);
        }, cancellationToken);
    }

    public Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        Leases.Check(name, holder, TimeSpan.FromSeconds(1));
        return context.RunAsync($"release lease {name}", async ct =>
        {
            await Collection().UpdateOneAsync(
                Builders<BsonDocument>.Filter.And(Builders<BsonDocument>.Filter.Eq("_id", KeyOf(name)), Builders<BsonDocument>.Filter.Eq("holder", holder)),
                Builders<BsonDocument>.Update.Set("expires_at_ms", 0L),
                cancellationToken: ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    private IMongoCollection<BsonDocument> Collection() => context.Database.GetCollection<BsonDocument>(Leases.CollectionName);

    private static ObjectId KeyOf(string name) => new(AnomalyId.StableKey(Leases.CollectionName, name));

    private static StoredLease ToLease(BsonDocument document) => new(
        document["name"].AsString,
        document["holder"].AsString,
        DateTimeOffset.FromUnixTimeMilliseconds(document["expires_at_ms"].ToInt64()),
        document["generation"].ToInt64());
}
