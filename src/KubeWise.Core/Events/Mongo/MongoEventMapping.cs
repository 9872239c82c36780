using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace KubeWise.Core.Events.Mongo;

/// <summary>
/// Maps an event to its BSON document: the same snake_case shape as the API's JSON (so a person reading the
/// collection sees what the API shows), an ObjectId <c>_id</c> derived from anomaly_id, a 64-bit version, and two
/// BSON dates that the queries and indexes use (the JSON times keep their full precision as strings).
/// </summary>
internal static class MongoEventMapping
{
    public const string DetectedAt = "_detected_at";
    public const string UpdatedAt = "_updated_at";

    private static readonly JsonWriterSettings RelaxedJson = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    public static ObjectId KeyOf(string normalizedId) => new(AnomalyId.StableKey(MongoContext.EventsCollectionName, normalizedId));

    public static ObjectId SharedKeyOf(SharedCollection collection, string key) => new(AnomalyId.StableKey(SharedCollections.Name(collection), key));

    /// <summary>The document's fields without <c>_id</c>, ready for <c>$set</c> / <c>$setOnInsert</c>.</summary>
    public static BsonDocument ToFields(AnomalyEvent anomaly)
    {
        var document = BsonDocument.Parse(EventJson.Serialize(anomaly));
        document["version"] = new BsonInt64(anomaly.Version);
        document[DetectedAt] = new BsonDateTime(anomaly.DetectionTimestamp.UtcDateTime);
        document[UpdatedAt] = new BsonDateTime(anomaly.UpdatedAt.UtcDateTime);
        return document;
    }

    public static AnomalyEvent FromDocument(BsonDocument document)
    {
        var copy = new BsonDocument(document.Where(e => e.Name is not ("_id" or DetectedAt or UpdatedAt)));
        return EventJson.Deserialize<AnomalyEvent>(copy.ToJson(RelaxedJson));
    }
}
