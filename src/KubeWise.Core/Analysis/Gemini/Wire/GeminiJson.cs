using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeWise.Core.Analysis.Gemini.Wire;

public static class GeminiJson
{
    /// <summary>camelCase, nulls omitted, as the REST API documents its JSON.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
