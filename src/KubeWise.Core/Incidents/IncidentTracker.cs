using KubeWise.Core.Entities;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Incidents;

/// <summary>
/// Turns scan cycles into incidents: one open incident per (entity, anomaly kind), where the kind is the problem's
/// <see cref="IncidentFamily"/>, so related detectors on the same entity are one incident. It opens after
/// <see cref="IncidentOptions.ConsecutiveCycles"/> anomalous cycles in a row and closes when a cycle judges the entity
/// without any finding of that family. An entity has at most one open incident: a finding of another family on it keeps
/// counting but waits until the open one closes, so two remediations never work on the same entity at once.
/// An entity a cycle had no data for keeps its state: missing data is not health.
/// Pure: the same book and observation always give the same decisions.
/// </summary>
public sealed class IncidentTracker(IOptions<IncidentOptions> options)
{
    public IncidentDecisions Apply(IncidentBook book, CycleObservation observation)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(observation);
        var settings = options.Value;
        var judged = new HashSet<EntityKey>(observation.JudgedEntities);
        var signals = observation.Signals
            .GroupBy(s => IncidentKey.Of(s.Entity, IncidentFamily.Of(s.Kind)), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MinBy(s => s.Score)!, StringComparer.Ordinal);

        var kept = new List<IncidentEntry>();
        var seen = new HashSet<IncidentEntry>(ReferenceEqualityComparer.Instance);
        List<IncidentEntry> closed = [];
        foreach (var entry in Migrate(book.Entries))
        {
            if (signals.Remove(entry.Key, out var signal))
            {
                kept.Add(Seen(entry, signal, observation.At, seen));
            }
            else if (judged.Contains(entry.Entity))
            {
                closed.Add(entry);
            }
            else if (observation.At - entry.LastSeen < settings.ForgetAfter)
            {
                kept.Add(entry);
            }
        }

        foreach (var (key, signal) in signals.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var fresh = new IncidentEntry
            {
                Key = key,
                Entity = signal.Entity,
                Kind = IncidentFamily.Of(signal.Kind),
                FirstSeen = observation.At,
            };
            kept.Add(Seen(fresh, signal, observation.At, seen));
        }

        // Opening is decided after closing, so an incident that closed this cycle frees its entity for the next problem.
        var busy = new HashSet<EntityKey>(kept.Where(e => e.IsOpen).Select(e => e.Entity));
        List<IncidentEntry> opened = [], attached = [], pending = [];
        for (var i = 0; i < kept.Count; i++)
        {
            var entry = kept[i];
            if (!seen.Contains(entry))
            {
                continue;
            }

            if (entry.IsOpen)
            {
                attached.Add(entry);
            }
            else if (entry.ConsecutiveCycles < settings.ConsecutiveCycles || !busy.Add(entry.Entity))
            {
                pending.Add(entry);
            }
            else
            {
                var instanceId = IncidentKey.InstanceId(entry.Key, observation.At);
                kept[i] = entry with { OpenedAt = observation.At, InstanceId = instanceId, AnomalyId = IncidentKey.AnomalyId(instanceId) };
                opened.Add(kept[i]);
            }
        }

        var updated = new IncidentBook { Entries = kept, LastSuccessfulCycle = observation.At };
        return new IncidentDecisions(updated, opened, attached, pending, closed);
    }

    /// <summary>
    /// Books stored before incidents were keyed by family name one entry per detector (<c>entity|CrashLoopBackOff</c>).
    /// Each entry moves to its family's key, keeping its instance and anomaly ids, so an incident opened then is still
    /// found, attached to and closed. Two old entries of one family become one: the incident that opened first.
    /// </summary>
    internal static IReadOnlyList<IncidentEntry> Migrate(IReadOnlyList<IncidentEntry> entries)
    {
        if (entries.All(e => IncidentFamily.Of(e.Kind) == e.Kind))
        {
            // Every book saved since families: nothing to move.
            return entries;
        }

        var merged = new List<IncidentEntry>(entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var kind = IncidentFamily.Of(entry.Kind);
            var current = kind == entry.Kind ? entry : entry with { Key = IncidentKey.Of(entry.Entity, kind), Kind = kind };
            if (index.TryGetValue(current.Key, out var at))
            {
                merged[at] = Merge(merged[at], current);
            }
            else
            {
                index[current.Key] = merged.Count;
                merged.Add(current);
            }
        }

        return merged;
    }

    private static IncidentEntry Merge(IncidentEntry a, IncidentEntry b)
    {
        var first = (a.OpenedAt, b.OpenedAt) switch
        {
            (null, null) => a.ConsecutiveCycles >= b.ConsecutiveCycles ? a : b,
            (null, _) => b,
            (_, null) => a,
            var (x, y) => x <= y ? a : b,
        };
        return first with
        {
            FirstSeen = a.FirstSeen < b.FirstSeen ? a.FirstSeen : b.FirstSeen,
            LastSeen = a.LastSeen > b.LastSeen ? a.LastSeen : b.LastSeen,
        };
    }

    private static IncidentEntry Seen(IncidentEntry entry, IncidentSignal signal, DateTimeOffset at, HashSet<IncidentEntry> seen)
    {
        var next = entry with { ConsecutiveCycles = entry.ConsecutiveCycles + 1, LastSeen = at, LastScore = signal.Score };
        seen.Add(next);
        return next;
    }
}
