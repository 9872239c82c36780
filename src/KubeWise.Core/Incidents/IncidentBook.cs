using System.Text.Json.Serialization;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Incidents;

/// <summary>
/// Every (entity, kind) pair that is anomalous now: counting towards opening, or open. Persisted between cycles in the
/// shared state store, so every replica and every restart continues the same counts.
/// </summary>
public sealed record IncidentBook
{
    public static IncidentBook Empty { get; } = new();

    [JsonPropertyName("entries")]
    public IReadOnlyList<IncidentEntry> Entries { get; init; } = [];

    /// <summary>When the last cycle that judged anything ran; the health endpoint reports it.</summary>
    [JsonPropertyName("last_successful_cycle")]
    public DateTimeOffset? LastSuccessfulCycle { get; init; }

    public IncidentEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    /// <summary>The book with <paramref name="key"/> marked as started.</summary>
    public IncidentBook MarkStarted(string key) =>
        this with { Entries = [.. Entries.Select(e => e.Key == key ? e with { Started = true } : e)] };
}

/// <summary>One tracked (entity, kind) pair.</summary>
public sealed record IncidentEntry
{
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>Stored in its text form, <c>deployment/shop/web</c>.</summary>
    [JsonPropertyName("entity")]
    [JsonConverter(typeof(EntityKeyJsonConverter))]
    public required EntityKey Entity { get; init; }

    /// <summary>The anomaly kind: the <see cref="IncidentFamily"/> of the detectors that report it (books stored before families name the detector; the tracker migrates them).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Anomalous cycles in a row, this one included.</summary>
    [JsonPropertyName("consecutive_cycles")]
    public int ConsecutiveCycles { get; init; }

    [JsonPropertyName("first_seen")]
    public DateTimeOffset FirstSeen { get; init; }

    [JsonPropertyName("last_seen")]
    public DateTimeOffset LastSeen { get; init; }

    [JsonPropertyName("last_score")]
    public double LastScore { get; init; }

    /// <summary>Set once the incident opened; it stays open until the entity is judged healthy.</summary>
    [JsonPropertyName("opened_at")]
    public DateTimeOffset? OpenedAt { get; init; }

    [JsonPropertyName("instance_id")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("anomaly_id")]
    public string? AnomalyId { get; init; }

    /// <summary>Whether the incident's event exists and its orchestration was started; until then every cycle tries again.</summary>
    [JsonPropertyName("started")]
    public bool Started { get; init; }

    [JsonIgnore]
    public bool IsOpen => OpenedAt is not null;
}
