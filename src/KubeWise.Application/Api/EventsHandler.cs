using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>A page of events, newest first, with the seed's <c>events</c> list.</summary>
public sealed record EventList(
    [property: JsonPropertyName("events")] IReadOnlyList<AnomalyEvent> Events,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("skip")] int Skip,
    [property: JsonPropertyName("limit")] int Limit);

/// <summary>
/// The metric windows stored with an event, with the moments a chart marks: detection, the fix (first command finished)
/// and the verification. <c>detection</c> is null for events stored before windows were kept; <c>verification</c> until the fix is judged.
/// </summary>
public sealed record SeriesReply
{
    [JsonPropertyName("anomaly_id")]
    public required string AnomalyId { get; init; }

    [JsonPropertyName("entity")]
    public required string Entity { get; init; }

    [JsonPropertyName("detected_at")]
    public required DateTimeOffset DetectedAt { get; init; }

    [JsonPropertyName("remediated_at")]
    public DateTimeOffset? RemediatedAt { get; init; }

    [JsonPropertyName("verified_at")]
    public DateTimeOffset? VerifiedAt { get; init; }

    [JsonPropertyName("detection")]
    public SeriesWindow? Detection { get; init; }

    [JsonPropertyName("verification")]
    public SeriesWindow? Verification { get; init; }

    [JsonPropertyName("caps")]
    public required SeriesCaps Caps { get; init; }
}

/// <summary>The limits a stored window was cut to.</summary>
public sealed record SeriesCaps(
    [property: JsonPropertyName("max_series")] int MaxSeries,
    [property: JsonPropertyName("max_points")] int MaxPoints);

/// <summary>What left the cluster for one event: every model exchange, oldest first.</summary>
public sealed record EventSent(
    [property: JsonPropertyName("anomaly_id")] string AnomalyId,
    [property: JsonPropertyName("exchanges")] IReadOnlyList<ModelExchange> Exchanges);

/// <summary>Anomaly events: the list with the seed's filters plus paging, and one event in full.</summary>
public sealed class EventsHandler(IEventStore store, EventLookup lookup)
{
    /// <summary>The query parameters the list reads (all optional).</summary>
    public static readonly IReadOnlyList<string> ListQuery = ["status", "namespace", "entity_id", "entity_type", "from", "to", "skip", "limit"];

    private const int MaxQueryValue = 512;

    public async Task<ApiReply<EventList>> ListAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var name in ListQuery)
        {
            if (request.Query(name) is { } value && SafeText.Problem(value, MaxQueryValue, allowNewlines: false) is { } wrong)
            {
                return ApiProblem.Invalid(name, $"{name} must be {wrong}.");
            }
        }

        EventQuery query;
        try
        {
            query = EventQueryParser.Parse(request.Query);
        }
        catch (ArgumentException e)
        {
            return ApiProblem.Invalid(e.ParamName ?? "query", e.Message);
        }

        try
        {
            var page = await store.ListAsync(query, ct).ConfigureAwait(false);
            return new EventList([.. page.Items.Select(Lean)], page.Total, page.Skip, page.Limit);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiProblem.Unavailable($"The event store is unavailable: {e.Message}");
        }
    }

    public async Task<ApiReply<AnomalyEvent>> GetAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        return anomaly is null ? problem! : Lean(anomaly);
    }

    /// <summary>The windows stored with the event (<see cref="EventSeries"/>) and the moments to mark on them.</summary>
    public async Task<ApiReply<SeriesReply>> GetSeriesAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        if (anomaly is null)
        {
            return problem!;
        }

        var fix = anomaly.RemediationAttempts.FirstOrDefault(a => a.Status == "success") ?? anomaly.RemediationAttempts.FirstOrDefault();
        return new SeriesReply
        {
            AnomalyId = anomaly.AnomalyId,
            Entity = anomaly.Entity.ToString(),
            DetectedAt = anomaly.DetectionTimestamp,
            RemediatedAt = fix?.FinishedAt ?? fix?.StartedAt,
            VerifiedAt = anomaly.Verification?.VerifiedAt,
            Detection = anomaly.Series?.Detection,
            Verification = anomaly.Series?.Verification,
            Caps = new SeriesCaps(SeriesCapture.MaxSeries, SeriesCapture.MaxPoints),
        };
    }

    /// <summary>
    /// The event as its answers show it, in the seed's shape: the stored windows (series operation) and the model
    /// exchanges (sent operation) are large and have their own resources.
    /// </summary>
    private static AnomalyEvent Lean(AnomalyEvent anomaly) =>
        anomaly.Series is null && anomaly.ModelExchanges is null ? anomaly : anomaly with { Series = null, ModelExchanges = null };

    /// <summary>The event's model exchanges (<c>GET …/events/{id}/sent</c>).</summary>
    public async Task<ApiReply<EventSent>> SentAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        return anomaly is null ? problem! : new EventSent(anomaly.AnomalyId, anomaly.ModelExchanges ?? []);
    }
}
