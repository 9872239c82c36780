using KubeWise.Core.Events;
using KubeWise.Run.Durable;
using KubeWise.Run.Scanning;

namespace KubeWise.Run.Health;

/// <summary>One component of the ready report.</summary>
public sealed record ComponentState(bool Ready, string Detail);

/// <summary>What <c>/ready</c> answers: ready only when every component is.</summary>
public sealed record ReadyReport(bool Ready, ComponentState Store, ComponentState Durable, ComponentState ScanLoop);

/// <summary>
/// <c>/ready</c>: the store answers, the sidecar serves and a durable worker is connected to it, and the scan loop
/// runs (as the lease holder or standing by). <c>/health</c> is liveness only: the process answers HTTP.
/// </summary>
internal sealed class Readiness(IEventStore store, DurableSidecar sidecar, WorkerConnections workers, ScanLoop scan, ScanLease lease)
{
    public async Task<ReadyReport> CheckAsync(CancellationToken ct)
    {
        ComponentState storeState;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            var health = await store.CheckHealthAsync(timeout.Token).ConfigureAwait(false);
            storeState = new ComponentState(health.Healthy, $"{health.Store}: {health.Message}");
        }
        catch (Exception e) when (e is EventStoreException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            storeState = new ComponentState(false, e.Message);
        }

        var durable = !sidecar.Serving
            ? new ComponentState(false, "the sidecar is not serving")
            : workers.Open == 0
                ? new ComponentState(false, $"{sidecar.Description}; no worker connected yet")
                : new ComponentState(true, sidecar.Description);
        var scanState = scan.Running
            ? new ComponentState(true, lease.Held ? $"scanning (holds the scan lease; {scan.Ticks} ticks)"
                : lease.Tried ? "standing by (the scan lease is held by another process, or the store did not answer)" : "waiting for the first tick")
            : new ComponentState(false, "not running");
        return new ReadyReport(storeState.Ready && durable.Ready && scanState.Ready, storeState, durable, scanState);
    }
}
