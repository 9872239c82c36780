using System.Text.Json.Serialization;

namespace KubeWise.Core.Events;

/// <summary>The active PromQL query catalog as stored.</summary>
public sealed record QueryCatalog
{
    [JsonPropertyName("queries")]
    public required IReadOnlyList<string> Queries { get; init; }

    [JsonPropertyName("changed_by")]
    public required string ChangedBy { get; init; }

    [JsonPropertyName("changed_at")]
    public required DateTimeOffset ChangedAt { get; init; }
}

/// <summary>The active query catalog (the seed's <c>/api/v1/metrics/queries</c>), shared by every replica.</summary>
public sealed class QueryCatalogStore(ISharedStateStore store, TimeProvider timeProvider)
{
    internal const string Key = "active";

    /// <returns>The stored catalog, or null when none was saved yet (the configured defaults apply).</returns>
    public async Task<QueryCatalog?> GetAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(SharedCollection.Queries, Key, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : EventJson.Deserialize<QueryCatalog>(stored.Content);
    }

    public async Task<QueryCatalog> SaveAsync(IReadOnlyList<string> queries, string changedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A query catalog cannot contain empty queries.", nameof(queries));
        }

        var catalog = new QueryCatalog { Queries = [.. queries], ChangedBy = changedBy, ChangedAt = timeProvider.GetUtcNow() };
        await store.PutAsync(SharedCollection.Queries, Key, EventJson.Serialize(catalog), changedBy, cancellationToken).ConfigureAwait(false);
        return catalog;
    }
}
