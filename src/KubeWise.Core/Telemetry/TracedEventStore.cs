using System.Diagnostics;
using KubeWise.Core.Events;

namespace KubeWise.Core.Telemetry;

/// <summary>
/// A span per event store call (<c>kubewise.store.get</c>, <c>.apply</c>, …; kind Client, <c>db.system</c> = mongodb or
/// litedb), so an incident's trace shows its store calls under the step that made them, the way HttpClient's spans show
/// the calls to Prometheus, the API server and Gemini. Failures mark the span as an error; the exception goes on unchanged.
/// </summary>
public sealed class TracedEventStore(IEventStore inner, string system) : IEventStore
{
    /// <summary>The store that does the work.</summary>
    public IEventStore Inner => inner;

    /// <summary>The <c>db.system</c> of its spans: <c>mongodb</c> or <c>litedb</c>.</summary>
    public string System => system;

    public Task<EventCreateResult> CreateAsync(AnomalyEvent anomaly, CancellationToken cancellationToken = default) =>
        TraceAsync("create", anomaly?.AnomalyId, () => inner.CreateAsync(anomaly!, cancellationToken));

    public Task<AnomalyEvent?> GetAsync(string anomalyId, CancellationToken cancellationToken = default) =>
        TraceAsync("get", anomalyId, () => inner.GetAsync(anomalyId, cancellationToken));

    public Task<EventPage> ListAsync(EventQuery query, CancellationToken cancellationToken = default) =>
        TraceAsync("list", null, () => inner.ListAsync(query, cancellationToken));

    public Task<AnomalyEvent> ApplyAsync(EventChange change, CancellationToken cancellationToken = default) =>
        TraceAsync("apply", change?.AnomalyId, () => inner.ApplyAsync(change!, cancellationToken));

    public Task<long> PurgeResolvedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        TraceAsync("purge", null, () => inner.PurgeResolvedAsync(cutoff, cancellationToken));

    public Task<StoreHealth> CheckHealthAsync(CancellationToken cancellationToken = default) =>
        TraceAsync("health", null, () => inner.CheckHealthAsync(cancellationToken));

    private async Task<T> TraceAsync<T>(string operation, string? anomalyId, Func<Task<T>> call)
    {
        using var span = KubeWiseTelemetry.Start("kubewise.store." + operation, ActivityKind.Client);
        span?.SetTag("db.system", system).SetTag("db.operation.name", operation);
        if (anomalyId is not null)
        {
            span?.SetTag("kubewise.anomaly_id", anomalyId);
        }

        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (span is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
