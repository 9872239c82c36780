namespace KubeWise.Core.Events;

/// <summary>The small key → document collections every replica shares (MongoDB collections of the same names).</summary>
public enum SharedCollection
{
    /// <summary><c>settings</c>: e.g. the remediation mode.</summary>
    Settings,

    /// <summary><c>models</c>: trained detection models.</summary>
    Models,

    /// <summary><c>queries</c>: the active PromQL query catalog.</summary>
    Queries,

    /// <summary><c>limits</c>: reservations against the rate and storm limits, shared by every worker.</summary>
    Limits,

    /// <summary><c>notices</c>: webhook notices not delivered yet, so a restart loses none.</summary>
    Notices,
}

/// <summary>A stored document: its content is JSON text written by the owning area.</summary>
public sealed record StoredDocument(string Key, string Content, DateTimeOffset UpdatedAt, string UpdatedBy, long Version);

public interface ISharedStateStore
{
    Task<StoredDocument?> GetAsync(SharedCollection collection, string key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the document; the version goes up by one each time.</summary>
    Task<StoredDocument> PutAsync(SharedCollection collection, string key, string content, string updatedBy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compare-and-set: replaces the document only while its version is still <paramref name="expectedVersion"/>
    /// (0: it does not exist yet). Returns the new document, or null when another writer got there first, so of two
    /// processes racing from the same version exactly one wins.
    /// </summary>
    Task<StoredDocument?> TryReplaceAsync(SharedCollection collection, string key, string content, long expectedVersion, string updatedBy, CancellationToken cancellationToken = default);
}

internal static class SharedCollections
{
    public static string Name(SharedCollection collection) => collection switch
    {
        SharedCollection.Settings => "settings",
        SharedCollection.Models => "models",
        SharedCollection.Queries => "queries",
        SharedCollection.Limits => "limits",
        SharedCollection.Notices => "notices",
        _ => throw new ArgumentOutOfRangeException(nameof(collection), collection, "Unknown shared collection."),
    };

    public static void CheckPut(string key, string content, string updatedBy)
    {
        CheckKey(key);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(updatedBy))
        {
            throw new ArgumentException("updatedBy must name who made the change.", nameof(updatedBy));
        }
    }

    public static void CheckKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200 || key.Any(char.IsControl))
        {
            throw new ArgumentException("A key must be 1–200 printable characters.", nameof(key));
        }
    }
}
