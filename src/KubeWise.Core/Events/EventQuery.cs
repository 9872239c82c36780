namespace KubeWise.Core.Events;

/// <summary>Filters and paging for listing events. Newest detection first; ties by anomaly_id.</summary>
public sealed record EventQuery
{
    public const int MaxLimit = 500;

    /// <summary>Match any of these statuses; empty means all.</summary>
    public IReadOnlyList<AnomalyStatus> Statuses { get; init; } = [];

    public string? Namespace { get; init; }

    public string? EntityId { get; init; }

    public string? EntityType { get; init; }

    /// <summary>Detected at or after this time.</summary>
    public DateTimeOffset? DetectedFrom { get; init; }

    /// <summary>Detected before this time.</summary>
    public DateTimeOffset? DetectedTo { get; init; }

    /// <summary>
    /// Changed at or after this time (<c>updated_at</c>). Every write stamps the event, so this finds each event that
    /// recorded anything since then, e.g. a remediation attempt, however long ago it was detected.
    /// </summary>
    public DateTimeOffset? UpdatedFrom { get; init; }

    public int Skip { get; init; }

    public int Limit { get; init; } = 50;

    /// <exception cref="ArgumentException">A filter or the paging is out of range.</exception>
    public void Validate()
    {
        if (Skip < 0)
        {
            throw new ArgumentException($"skip must be 0 or more, got {Skip}.", nameof(Skip));
        }

        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"limit must be between 1 and {MaxLimit}, got {Limit}.", nameof(Limit));
        }

        if (DetectedFrom is { } from && DetectedTo is { } to && from >= to)
        {
            throw new ArgumentException($"the time range is empty: from {from:O} is not before to {to:O}.", nameof(DetectedFrom));
        }

        CheckName(Namespace, "namespace", nameof(Namespace));
        CheckName(EntityId, "entity_id", nameof(EntityId));
        CheckName(EntityType, "entity_type", nameof(EntityType));
        foreach (var status in Statuses)
        {
            if (!Enum.IsDefined(status))
            {
                throw new ArgumentException($"unknown status {(int)status}.", nameof(Statuses));
            }
        }
    }

    /// <summary>Parses a status given as text (the wire's PascalCase; case-insensitive).</summary>
    /// <exception cref="ArgumentException">Not one of the statuses.</exception>
    public static AnomalyStatus ParseStatus(string value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _)
            && Enum.TryParse<AnomalyStatus>(value.Trim(), ignoreCase: true, out var status))
        {
            return status;
        }

        throw new ArgumentException(
            $"unknown status '{value}'; expected one of {string.Join(", ", Enum.GetNames<AnomalyStatus>())}.", "status");
    }

    private static void CheckName(string? value, string label, string paramName)
    {
        // Kubernetes names are at most 253 characters of DNS-subdomain text; anything else cannot match an event.
        if (value is not null && (value.Length is 0 or > 253 || value.Any(char.IsControl)))
        {
            throw new ArgumentException($"{label} must be 1–253 printable characters.", paramName);
        }
    }
}

/// <summary>One page of events and the total matching the filters.</summary>
public sealed record EventPage(IReadOnlyList<AnomalyEvent> Items, long Total, int Skip, int Limit);

/// <summary>The answer to a create: the stored event, and whether this call created it (false: it already existed).</summary>
public sealed record EventCreateResult(AnomalyEvent Event, bool Created);
