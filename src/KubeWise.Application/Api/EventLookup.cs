using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>One event by the id in a route: 404 for an unknown or malformed id, 503 when the store cannot be reached.</summary>
public sealed class EventLookup(IEventStore store)
{
    public async Task<(AnomalyEvent? Event, ApiProblem? Problem)> FindAsync(string? id, CancellationToken ct)
    {
        string normalized;
        try
        {
            normalized = AnomalyId.Normalize(id);
        }
        catch (ArgumentException)
        {
            return (null, ApiProblem.NotFound(id ?? string.Empty));
        }

        try
        {
            var anomaly = await store.GetAsync(normalized, ct).ConfigureAwait(false);
            return anomaly is null ? (null, ApiProblem.NotFound(normalized)) : (anomaly, null);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return (null, ApiProblem.Unavailable($"The event store is unavailable: {e.Message}"));
        }
    }
}
