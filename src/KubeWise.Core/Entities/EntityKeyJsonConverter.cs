using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeWise.Core.Entities;

/// <summary>Stores an <see cref="EntityKey"/> as its text form (<c>deployment/shop/web</c>), the shape the incident book always had.</summary>
public sealed class EntityKeyJsonConverter : JsonConverter<EntityKey>
{
    public override EntityKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EntityKey.TryParse(reader.GetString(), out var key) ? key.Value : throw new JsonException($"'{reader.GetString()}' is not an entity.");

    public override void Write(Utf8JsonWriter writer, EntityKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
