using System.Globalization;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Events.Mongo;

/// <summary>The <c>settings</c>, <c>models</c> and <c>queries</c> collections.</summary>
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

    private static StoredDocument ToStored(BsonDocument document) => new(
        document["key"].AsString,
        document["content"].AsString,
        DateTimeOffset.Parse(document["updated_at"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        document["updated_by"].AsString,
        document["version"].ToInt64());
}
