using System.Text.Json;
using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy.Guards;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>
/// The rate and storm limits across every worker that shares the store. Before a write, the execution reserves its
/// remediation in one ledger document (<c>limits/remediation-reservations</c>) with compare-and-set: it reads the
/// ledger, then the recorded attempts, checks the two limits on both, and adds its reservation only if the ledger is
/// still the version it read. Two workers racing from the same version cannot both win, and whoever retries reads the
/// winner's reservation — so together they never pass the limits.
/// <para>
/// A reservation counts until the attempt it became is recorded (then the attempt counts, not both), until it is
/// released (the write failed or was refused), or until it expires (<see cref="RemediationPolicyOptions.LimitReservationSeconds"/>:
/// a worker stopped between reserving and recording). A store that cannot be read or written is an
/// <see cref="EventStoreUnavailableException"/>: no reservation, no write, the step is retried.
/// </para>
/// </summary>
public sealed class LimitReservations(ISharedStateStore store, RecentActionsReader recorded, IOptions<RemediationPolicyOptions> policy, TimeProvider time)
{
    public const string DocumentKey = "remediation-reservations";

    /// <summary>Compare-and-set rounds before giving up as if the store were unavailable (the step is then retried).</summary>
    private const int MaxRounds = 50;

    private static readonly IPolicyGuard[] LimitGuards = [new RateLimitGuard(), new StormGuard()];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly string Holder = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>
    /// Reserves <paramref name="command"/> for incident <paramref name="anomalyId"/> when the limits allow it. Either
    /// way the answer carries what the limits counted (recorded attempts plus others' live reservations) for the
    /// policy's check right before the write; when the limits are already reached nothing is reserved, and that check
    /// refuses with the limit's reason. Earlier phases or attempts of this same remediation (same incident, operation
    /// and target) do not count against it, and its own earlier reservation is replaced, not added to.
    /// </summary>
    public async Task<LimitReservation> ReserveAsync(string anomalyId, RemediationCommand command, ObjectReference anomalousEntity, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(anomalyId);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(anomalousEntity);
        for (var round = 0; round < MaxRounds; round++)
        {
            // The ledger first, then the attempts: a reservation released after its attempt was recorded is seen as one or the other.
            var (version, entries) = await ReadLedgerAsync(ct).ConfigureAwait(false);
            var recent = await recorded.ReadAsync((anomalyId, command), ct).ConfigureAwait(false);
            var now = Truncate(time.GetUtcNow());
            var own = new Reservation(anomalyId, command.Operation.Name, command.Target, anomalousEntity, now,
                now + TimeSpan.FromSeconds(policy.Value.LimitReservationSeconds), Holder);
            var counted = Count(entries, recent, own, now);
            var context = new PolicyContext(command, new RemediationFacts { AnomalousEntity = anomalousEntity, RecentActions = counted }, policy.Value, now);
            if (LimitGuards.SelectMany(g => g.Check(context)).Any())
            {
                return new LimitReservation(this, null, counted);
            }

            List<Reservation> kept = [.. entries.Where(e => e.ExpiresAt > now && !e.SameRemediation(own)), own];
            if (await store.TryReplaceAsync(SharedCollection.Limits, DocumentKey, Serialize(kept), version, Holder, ct).ConfigureAwait(false) is not null)
            {
                return new LimitReservation(this, own, counted);
            }
        }

        throw new EventStoreUnavailableException($"The limits ledger changed on every one of {MaxRounds} attempts to reserve {command}; try again.");
    }

    /// <summary>Takes <paramref name="reservation"/> out of the ledger. Best effort: one left behind stops counting when its attempt is recorded or it expires.</summary>
    internal async Task ReleaseAsync(Reservation reservation, CancellationToken ct)
    {
        try
        {
            for (var round = 0; round < MaxRounds; round++)
            {
                var (version, entries) = await ReadLedgerAsync(ct).ConfigureAwait(false);
                if (!entries.Contains(reservation))
                {
                    return;
                }

                var now = time.GetUtcNow();
                List<Reservation> kept = [.. entries.Where(e => e != reservation && e.ExpiresAt > now)];
                if (await store.TryReplaceAsync(SharedCollection.Limits, DocumentKey, Serialize(kept), version, Holder, ct).ConfigureAwait(false) is not null)
                {
                    return;
                }
            }
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            // Left to expire: it never counts twice with its recorded attempt, and a failed write's reservation lapses.
        }
    }

    /// <summary>Recorded attempts plus every live reservation that is not this remediation's own and has not become a recorded attempt yet.</summary>
    private static List<RecentAction> Count(IReadOnlyList<Reservation> entries, IReadOnlyList<RecentAction> recent, Reservation own, DateTimeOffset now) =>
    [
        .. recent,
        .. entries
            .Where(e => e.ExpiresAt > now && !e.SameRemediation(own) && !recent.Any(e.BecameAttempt))
            .Select(e => new RecentAction(e.At, e.Target, e.Operation, e.Entity, e.AnomalyId)),
    ];

    private async Task<(long Version, IReadOnlyList<Reservation> Entries)> ReadLedgerAsync(CancellationToken ct)
    {
        var document = await store.GetAsync(SharedCollection.Limits, DocumentKey, ct).ConfigureAwait(false);
        if (document is null)
        {
            return (0, []);
        }

        try
        {
            return (document.Version, JsonSerializer.Deserialize<Ledger>(document.Content, Json)?.Reservations ?? []);
        }
        catch (JsonException)
        {
            // A ledger nobody can read is replaced by the next reservation; the recorded attempts still count.
            return (document.Version, []);
        }
    }

    private static string Serialize(List<Reservation> entries) => JsonSerializer.Serialize(new Ledger(entries), Json);

    /// <summary>Store times are kept to the millisecond: a reservation at the same precision compares cleanly with its attempt.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(t.ToUnixTimeMilliseconds());

    private sealed record Ledger(List<Reservation> Reservations);
}

/// <summary>One reserved remediation in the ledger.</summary>
internal sealed record Reservation(
    string AnomalyId, string Operation, ObjectReference Target, ObjectReference Entity, DateTimeOffset At, DateTimeOffset ExpiresAt, string Holder)
{
    public bool SameRemediation(Reservation other) =>
        string.Equals(AnomalyId, other.AnomalyId, StringComparison.OrdinalIgnoreCase) && Operation == other.Operation && Target.Matches(other.Target);

    /// <summary>The attempt this reservation was taken for, recorded at or after it.</summary>
    public bool BecameAttempt(RecentAction action) =>
        string.Equals(AnomalyId, action.AnomalyId, StringComparison.OrdinalIgnoreCase) && Operation == action.Operation
        && Target.Matches(action.Target) && action.At >= At;
}

/// <summary>The answer of <see cref="LimitReservations.ReserveAsync"/>.</summary>
public sealed class LimitReservation
{
    private readonly LimitReservations _owner;
    private readonly Reservation? _entry;

    internal LimitReservation(LimitReservations owner, Reservation? entry, IReadOnlyList<RecentAction> counted)
    {
        _owner = owner;
        _entry = entry;
        RecentActions = counted;
    }

    /// <summary>False when the limits were already reached: nothing was reserved and the write must not happen.</summary>
    public bool Taken => _entry is not null;

    /// <summary>What the limits counted, for the policy's check right before the write.</summary>
    public IReadOnlyList<RecentAction> RecentActions { get; }

    /// <summary>Gives the capacity back: call it once the attempt is recorded, or when nothing was written.</summary>
    public Task ReleaseAsync(CancellationToken ct = default) => _entry is null ? Task.CompletedTask : _owner.ReleaseAsync(_entry, ct);
}
