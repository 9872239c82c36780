using System.Globalization;
using LiteDB;

namespace KubeWise.Core.Events.LiteDb;

/// <summary>
/// The <c>settings</c>, <c>models</c>, <c>queries</c> and <c>limits</c> collections of the embedded file. The file
/// belongs to one process; the compare-and-set reads and writes under its write lock.
/// </summary>
public sealed class LiteDbSharedStateStore(LiteDbContext context, TimeProvider timeProvider) : ISharedStateStore
{
    public Task<StoredDocument?> GetAsync(SharedCollection collection, string key, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckKey(key);
        return Task.FromResult(context.Run($"read {SharedCollections.Name(collection)}", () =>
        {
            var document = context.Shared(collection).FindById(key);
            return document is null ? null : ToStored(document);
        }));
    }

    public Task<StoredDocument> PutAsync(SharedCollection collection, string key, string content, string updatedBy, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckPut(key, content, updatedBy);
        var now = timeProvider.GetUtcNow();
        return context.WriteAsync($"write {SharedCollections.Name(collection)}", () =>
        {
            var documents = context.Shared(collection);
            var version = (documents.FindById(key)?["version"].AsInt64 ?? 0) + 1;
            var document = new BsonDocument
            {
                ["_id"] = key,
                ["key"] = key,
                ["content"] = content,
                ["updated_at"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["updated_by"] = updatedBy,
                ["version"] = version,
            };
            documents.Upsert(document);
            return ToStored(document);
        }, cancellationToken);
    }

    public Task<StoredDocument?> TryReplaceAsync(SharedCollection collection, string key, string content, long expectedVersion, string updatedBy, CancellationToken cancellationToken = default)
    {
        SharedCollections.CheckPut(key, content, updatedBy);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var now = timeProvider.GetUtcNow();
        return context.WriteAsync<StoredDocument?>($"write {SharedCollections.Name(collection)}", () =>
        {
            var documents = context.Shared(collection);
            var version = documents.FindById(key)?["version"].AsInt64 ?? 0;
            if (version != expectedVersion)
            {
                return null;
            }

            var document = new BsonDocument
            {
                ["_id"] = key,
                ["key"] = key,
                ["content"] = content,
                ["updated_at"] = now.ToString("O", CultureInfo.InvariantCulture),
                ["updated_by"] = updatedBy,
                ["version"] = version + 1,
            };
            documents.Upsert(document);
            return ToStored(document);
        }, cancellationToken);
    }

    private static StoredDocument ToStored(BsonDocument document) => new(
        document["key"].AsString,
        document["content"].AsString,
        DateTimeOffset.Parse(document["updated_at"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        document["updated_by"].AsString,
        document["version"].AsInt64);
}
