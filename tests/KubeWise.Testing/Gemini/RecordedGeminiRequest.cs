using System.Text.Json;

namespace KubeWise.Testing.Gemini;

/// <summary>One request as <see cref="FakeGeminiServer"/> received it.</summary>
/// <param name="Headers">Header names lower-cased.</param>
public sealed record RecordedGeminiRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;

    /// <summary>The body parsed as JSON (a clone, safe to keep).</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
