using System.Text.Json.Serialization;

namespace KubeWise.Application.Api;

/// <summary>The seed's <c>GET /health</c>: overall status, version, one line per component, and when.</summary>
public sealed record HealthReply(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("services")] IReadOnlyDictionary<string, ServiceHealth> Services,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);

/// <summary>One line of the health answer: healthy, unhealthy or disabled, and why.</summary>
public sealed record ServiceHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message);
