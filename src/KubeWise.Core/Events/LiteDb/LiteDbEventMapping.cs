using System.Globalization;
using System.Text;
using System.Text.Json;
using LiteDB;

namespace KubeWise.Core.Events.LiteDb;

/// <summary>
/// Maps an event to a LiteDB document of the same snake_case shape as the API's JSON. LiteDB's own JSON writer
/// rounds doubles, so the conversion walks System.Text.Json's tree itself and numbers round-trip exactly.
/// </summary>
internal static class LiteDbEventMapping
{
    public const string DetectedAt = "_detected_at";
    public const string UpdatedAt = "_updated_at";

    /// <summary>LiteDB orders by one expression only: newest first, then anomaly_id, folded into one string.</summary>
    public const string SortKey = "_sort";

    private static readonly string[] Internal = ["_id", DetectedAt, UpdatedAt, SortKey];

    public static BsonDocument ToDocument(AnomalyEvent anomaly)
    {
        using var json = JsonDocument.Parse(EventJson.Serialize(anomaly));
        var document = (BsonDocument)ToBson(json.RootElement);
        document["_id"] = anomaly.AnomalyId;
        document["version"] = new BsonValue(anomaly.Version);
        document[DetectedAt] = anomaly.DetectionTimestamp.UtcDateTime;
        document[UpdatedAt] = anomaly.UpdatedAt.UtcDateTime;
        document[SortKey] = (DateTime.MaxValue.Ticks - anomaly.DetectionTimestamp.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + anomaly.AnomalyId;
        return document;
    }

    public static AnomalyEvent FromDocument(BsonDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in document)
            {
                if (Array.IndexOf(Internal, name) < 0)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return EventJson.Deserialize<AnomalyEvent>(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static BsonValue ToBson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new BsonDocument(element.EnumerateObject().ToDictionary(p => p.Name, p => ToBson(p.Value))),
        JsonValueKind.Array => new BsonArray(element.EnumerateArray().Select(ToBson)),
        JsonValueKind.String => new BsonValue(element.GetString()),
        JsonValueKind.Number => element.TryGetInt64(out var whole) ? new BsonValue(whole) : new BsonValue(element.GetDouble()),
        JsonValueKind.True => new BsonValue(true),
        JsonValueKind.False => new BsonValue(false),
        _ => BsonValue.Null,
    };

    private static void Write(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value.Type)
        {
            case BsonType.Document:
                writer.WriteStartObject();
                foreach (var (name, item) in value.AsDocument)
                {
                    writer.WritePropertyName(name);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            case BsonType.Array:
                writer.WriteStartArray();
                foreach (var item in value.AsArray)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case BsonType.String:
                writer.WriteStringValue(value.AsString);
                break;
            case BsonType.Int32:
            case BsonType.Int64:
                writer.WriteNumberValue(value.AsInt64);
                break;
            case BsonType.Double:
                writer.WriteNumberValue(value.AsDouble);
                break;
            case BsonType.Boolean:
                writer.WriteBooleanValue(value.AsBoolean);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
