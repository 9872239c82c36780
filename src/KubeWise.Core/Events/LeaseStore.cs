namespace KubeWise.Core.Events;

/// <summary>A named lease as stored: who holds it and until when.</summary>
/// <param name="Generation">Goes up by one each time the lease changes hands.</param>
public sealed record StoredLease(string Name, string Holder, DateTimeOffset ExpiresAt, long Generation)
{
    public bool IsHeldBy(string holder, DateTimeOffset now) => Holder == holder && ExpiresAt > now;
}

/// <summary>
/// Leases shared by every process on one store (MongoDB collection <c>leases</c>), taken with compare-and-set: at most
/// one holder at a time, and a holder that stopped renewing loses the lease when it expires.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease when it is free or expired, or renews it when <paramref name="holder"/> already holds it, until
    /// now + <paramref name="duration"/>. Returns the lease as it stands afterwards: held by <paramref name="holder"/>
    /// when taken or renewed, by someone else otherwise.
    /// </summary>
    Task<StoredLease> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Lets the lease go now if <paramref name="holder"/> holds it, so another process takes over at once.</summary>
    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}

internal static class Leases
{
    public const string CollectionName = "leases";

    public static void Check(string name, string holder, TimeSpan duration)
    {
        SharedCollections.CheckKey(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
    }
}
