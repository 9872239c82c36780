using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace KubeWise.Testing.Fixtures;

/// <summary>
/// Events as the first release stored them (see Fixtures/Events/README.md): a LiteDB file and the MongoDB documents.
/// Tests load them into a fresh store and check that today's code reads, shows and approves them.
/// </summary>
public static class LegacyEvents
{
    /// <summary>deployment/shop/web, AwaitingApproval, restart and scale suggested.</summary>
    public const string AwaitingApprovalId = "61ae0ca3-590a-8eb8-abab-3650971f7904";

    public const string AwaitingApprovalInstanceId = "remediation-4d27b0096fc49921-20261207T201530Z";

    /// <summary>deployment/shop/web, Resolved: forest evidence, restart approved by alice, applied and verified.</summary>
    public const string ResolvedId = "c1467ae6-fc78-8f89-92f0-9bae7f68c16a";

    /// <summary>node/worker-2, Detected: NodeMemoryPressure, no namespace.</summary>
    public const string NodeId = "1d1bbd53-61d9-87eb-8628-b95973fc89b3";

    public const string Restart = "restart_deployment name=web ns=shop";

    public const string Scale = "scale_deployment name=web ns=shop replicas=5";

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Events");

    /// <summary>Copies the LiteDB file into <paramref name="directory"/> and returns its path (the fixture itself is never opened).</summary>
    public static string CopyLiteDb(string directory)
    {
        var path = Path.Combine(directory, "events.db");
        File.Copy(Path.Combine(Folder, "events-v1.litedb"), path, overwrite: true);
        return path;
    }

    /// <summary>Inserts the stored documents, as they are, into <paramref name="database"/>'s <c>anomaly_events</c>.</summary>
    public static async Task LoadMongoAsync(IMongoDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var json = await File.ReadAllTextAsync(Path.Combine(Folder, "anomaly_events-v1.json"));
        var documents = BsonSerializer.Deserialize<BsonArray>(json).Select(d => d.AsBsonDocument);
        await database.GetCollection<BsonDocument>("anomaly_events").InsertManyAsync(documents);
    }
}
