using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeWise.Core.Events;

/// <summary>Reads and writes Prometheus' <c>[unix_seconds, "value"]</c> pair.</summary>
public sealed class MetricPointJsonConverter : JsonConverter<MetricPoint>
{
    public override MetricPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A metric sample must be a [unix_seconds, \"value\"] array.");
        }

        reader.Read();
        var time = reader.TokenType == JsonTokenType.Number
            ? reader.GetDouble()
            : double.Parse(reader.GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture);
        reader.Read();
        var value = reader.TokenType == JsonTokenType.String
            ? reader.GetString() ?? ""
            : reader.GetDouble().ToString("R", CultureInfo.InvariantCulture);
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A metric sample must have exactly two elements.");
        }

        return new MetricPoint(time, value);
    }

    public override void Write(Utf8JsonWriter writer, MetricPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.UnixSeconds);
        writer.WriteStringValue(value.Value);
        writer.WriteEndArray();
    }
}
