using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>A page of events, newest first, with the seed's <c>events</c> list.</summary>
public sealed record EventList(
    [property: JsonPropertyName("events")] IReadOnlyList<AnomalyEvent> Events,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("skip")] int Skip,
    [property: JsonPropertyName("limit")] int Limit);

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
            return new EventList([.. page.Items.Select(WithoutExchanges)], page.Total, page.Skip, page.Limit);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiProblem.Unavailable($"The event store is unavailable: {e.Message}");
        }
    }

    public async Task<ApiReply<AnomalyEvent>> GetAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        return anomaly is null ? problem! : WithoutExchanges(anomaly);
    }

    /// <summary>The event's model exchanges (<c>GET …/events/{id}/sent</c>).</summary>
    public async Task<ApiReply<EventSent>> SentAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        return anomaly is null ? problem! : new EventSent(anomaly.AnomalyId, anomaly.ModelExchanges ?? []);
    }

    // The exchanges are large and have their own resource; the event views stay the seed's shape.
    private static AnomalyEvent WithoutExchanges(AnomalyEvent anomaly) => anomaly.ModelExchanges is null ? anomaly : anomaly with { ModelExchanges = null };
}
