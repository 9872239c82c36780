using System.Text.Json;

namespace KubeWise.Core.Events;

/// <summary>The one System.Text.Json setup for events and stored settings; the API should serialize with it too.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // The property attributes carry the seed's snake_case names; nothing else is renamed.
        PropertyNamingPolicy = null,
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored {typeof(T).Name} is null.");
}
