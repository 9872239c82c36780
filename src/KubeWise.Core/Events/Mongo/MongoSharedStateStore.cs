using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Events.Mongo;

/// <summary>
/// The <c>settings</c>, <c>models</c>, <c>queries</c> and <c>limits</c> collections. The compare-and-set is one
/// <c>findOneAndUpdate</c> filtered on the version read, or an insert that a concurrent insert of the same
/// <c>_id</c> makes fail, so it needs neither transactions nor unique secondary indexes.
/// </summary>
public sealed class MongoSharedStateStore(MongoContext context, TimeProvider timeProvider) : ISharedStateStore
{
    public Task<StoredDocument?> GetAsync(SharedCollection collection, string key, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckKey(key);
        return context.RunAsync($"read {SharedCollections.Name(collection)}", async ct =>
        {
            var document = await context.Shared(collection)
                .Find(Builders<BsonDocument>.Filter.Eq("_id", MongoEventMapping.SharedKeyOf(collection, key)))
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return document is null ? null : ToStored(document);
        }, cancellationToken);
    }

    public Task<StoredDocument> PutAsync(SharedCollection collection, string key, string content, string updatedBy, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckPut(key, content, updatedBy);
        var now = timeProvider.GetUtcNow();
        return context.RunAsync($"write {SharedCollections.Name(collection)}", async ct =>
        {
            var update = Builders<BsonDocument>.Update
                .Set("key", key)
                .Set("content", content)
                .Set("updated_at", now.ToString("O", CultureInfo.InvariantCulture))
                .Set("updated_by", updatedBy)
                .Inc("version", 1L);
            var document = await context.Shared(collection).FindOneAndUpdateAsync(
                Builders<BsonDocument>.Filter.Eq("_id", MongoEventMapping.SharedKeyOf(collection, key)),
                update,
                new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
                ct).ConfigureAwait(false);
            return ToStored(document);
        }, cancellationToken);
    }

    public Task<StoredDocument?> TryReplaceAsync(SharedCollection collection, string key, string content, long expectedVersion, string updatedBy, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckPut(key, content, updatedBy);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var now = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        return context.RunAsync<StoredDocument?>($"write {SharedCollections.Name(collection)}", async ct =>
        {
            var documents = context.Shared(collection);
            var id = MongoEventMapping.SharedKeyOf(collection, key);
            if (expectedVersion == 0)
            {
                var created = new BsonDocument
                {
                    ["_id"] = id, ["key"] = key, ["content"] = content, ["updated_at"] = now, ["updated_by"] = updatedBy, ["version"] = 1L,
                };
                try
                {
                    await documents.InsertOneAsync(created, cancellationToken: ct).ConfigureAwait(false);
                    return ToStored(created);
                }
                catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
                {
                    return null;
                }
            }

            var document = await documents.FindOneAndUpdateAsync(
                Builders<BsonDocument>.Filter.And(Builders<BsonDocument>.Filter.Eq("_id", id), Builders<BsonDocument>.Filter.Eq("version", expectedVersion)),
                Builders<BsonDocument>.Update.Set("content", content).Set("updated_at", now).Set("updated_by", updatedBy).Inc("version", 1L),
                new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
                ct).ConfigureAwait(false);
            return document is null ? null : ToStored(document);
        }, cancellationToken);
    }

    private static StoredDocument ToStored(BsonDocument document) => new(
        document["key"].AsString,
        document["content"].AsString,
        DateTimeOffset.Parse(document["updated_at"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        document["updated_by"].AsString,
        document["version"].ToInt64());
}
