using System.ComponentModel.DataAnnotations;
using KubeWise.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Scanning;

/// <summary>The scan lease of <c>kubewise run</c>.</summary>
public sealed class ScanLeaseOptions
{
    public const string SectionName = "Run:ScanLease";

    /// <summary>
    /// How long the lease holds without renewal: after a holder dies, another process takes over the scan within this
    /// time. The holder renews it before every tick and during a long one.
    /// </summary>
    /// <value>Default: 90 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(90);
}

/// <summary>
/// The lease that makes one process the scanner among all <c>kubewise run</c> processes on one store. Before a tick the
/// loop takes or renews it; a process that cannot (another holds it, or the store does not answer) skips the tick and
/// stands by. Changes of hands are logged once.
/// </summary>
internal sealed class ScanLease(ILeaseStore store, IOptions<ScanLeaseOptions> options, TimeProvider time, ILogger<ScanLease> logger)
{
    public const string Name = "scan";

    private string? _lastSeenHolder;
    private DateTimeOffset _heldUntil;

    /// <summary>This process, as the lease names its holder.</summary>
    public string Holder { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How often the holder renews the lease while a tick runs.</summary>
    public TimeSpan RenewInterval => options.Value.Duration / 3;

    /// <summary>Whether this process held the lease at its last attempt, and the lease has not expired since.</summary>
    public bool Held => _heldUntil > time.GetUtcNow();

    /// <summary>Whether the lease was tried at all (the first tick is still to come when not).</summary>
    public bool Tried { get; private set; }

    /// <summary>Takes or renews the lease; false (and a log line when that changes) when another process holds it or the store fails.</summary>
    public async Task<bool> TryHoldAsync(CancellationToken ct)
    {
        StoredLease lease;
        Tried = true;
        try
        {
            lease = await store.TryAcquireAsync(Name, Holder, options.Value.Duration, ct).ConfigureAwait(false);
        }
        catch (EventStoreException e)
        {
            _heldUntil = default;
            RunLog.LeaseUnavailable(logger, e.Message);
            return false;
        }

        var mine = lease.IsHeldBy(Holder, time.GetUtcNow());
        _heldUntil = mine ? lease.ExpiresAt : default;
        if (lease.Holder != _lastSeenHolder)
        {
            if (mine)
            {
                RunLog.LeaseTaken(logger, Name, lease.Generation);
            }
            else
            {
                RunLog.LeaseHeldElsewhere(logger, Name, lease.Holder, lease.ExpiresAt);
            }

            _lastSeenHolder = lease.Holder;
        }

        return mine;
    }

    /// <summary>Lets the lease go on a clean stop, so a standby takes over at its next tick instead of after expiry.</summary>
    public async Task ReleaseAsync()
    {
        if (!Held)
        {
            return;
        }

        _heldUntil = default;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.ReleaseAsync(Name, Holder, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EventStoreException or OperationCanceledException)
        {
            RunLog.LeaseUnavailable(logger, e.Message);
        }
    }
}
