using System.Globalization;

namespace KubeWise.Core.Events;

/// <summary>Builds an <see cref="EventQuery"/> from text parameters (an HTTP query string, CLI options).</summary>
public static class EventQueryParser
{
    /// <summary>
    /// Reads <c>status</c> (comma-separated), <c>namespace</c>, <c>entity_id</c>, <c>entity_type</c>,
    /// <c>from</c>/<c>to</c> (ISO-8601 with offset), <c>skip</c> and <c>limit</c>; absent or empty means no filter.
    /// </summary>
    /// <exception cref="ArgumentException">A value is malformed or out of range; the message names the parameter.</exception>
    public static EventQuery Parse(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var query = new EventQuery
        {
            Statuses = Text(get, "status") is { } statuses
                ? [.. statuses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(EventQuery.ParseStatus).Distinct()]
                : [],
            Namespace = Text(get, "namespace"),
            EntityId = Text(get, "entity_id"),
            EntityType = Text(get, "entity_type"),
            DetectedFrom = Time(get, "from"),
            DetectedTo = Time(get, "to"),
            Skip = Number(get, "skip") ?? 0,
            Limit = Number(get, "limit") ?? 50,
        };
        query.Validate();
        return query;
    }

    private static string? Text(Func<string, string?> get, string name) =>
        get(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static DateTimeOffset? Time(Func<string, string?> get, string name)
    {
        if (Text(get, name) is not { } value)
        {
            return null;
        }

        // An offset is required: a bare local time would silently shift the range by the server's zone.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && (value.EndsWith('Z') || value.EndsWith('z') || value.LastIndexOfAny(['+', '-']) > value.IndexOf('T', StringComparison.Ordinal)))
        {
            return time;
        }

        throw new ArgumentException($"{name} must be an ISO-8601 time with an offset, e.g. 2026-11-26T08:00:00Z; got '{value}'.", name);
    }

    private static int? Number(Func<string, string?> get, string name)
    {
        if (Text(get, name) is not { } value)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be a whole number, got '{value}'.", name);
    }
}
