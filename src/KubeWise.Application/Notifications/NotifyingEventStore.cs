using KubeWise.Application.Api;
using KubeWise.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Notifications;

/// <summary>
/// The event store, plus a notice whenever a stored change moves an event into a status people are told about
/// (<see cref="NoticeFormatter.Notified"/>). Notices are queued (in the store) after the change is stored, never instead of it, and
/// building one can never fail the write: the workflow does not know notifications exist.
/// </summary>
public sealed class NotifyingEventStore(IEventStore inner, NotificationQueue queue, IOptionsMonitor<ApiOptions> api, ILogger<NotifyingEventStore> logger) : IEventStore
{
    public IEventStore Inner => inner;

    public Task<EventCreateResult> CreateAsync(AnomalyEvent anomaly, CancellationToken cancellationToken = default) => inner.CreateAsync(anomaly, cancellationToken);

    public Task<AnomalyEvent?> GetAsync(string anomalyId, CancellationToken cancellationToken = default) => inner.GetAsync(anomalyId, cancellationToken);

    public Task<EventPage> ListAsync(EventQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

    public async Task<AnomalyEvent> ApplyAsync(EventChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var after = await inner.ApplyAsync(change, cancellationToken).ConfigureAwait(false);
        if (change.NewStatus is { } status && status != change.ExpectedStatus && after.Status == status && NoticeFormatter.Notified.ContainsKey(status))
        {
            try
            {
                await queue.EnqueueAsync(NoticeFormatter.Create(after, api.CurrentValue.PublicBaseUrl), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NotificationLog.NotQueued(logger, after.AnomalyId, status.ToString(), e.Message);
            }
        }

        return after;
    }

    public Task<long> PurgeResolvedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) => inner.PurgeResolvedAsync(cutoff, cancellationToken);

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => inner.CheckHealthAsync(cancellationToken);
}
