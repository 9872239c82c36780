using Microsoft.Extensions.Options;

namespace KubeWise.Core.Incidents;

/// <summary>
/// Turns scan cycles into incidents: one open incident per (entity, kind); it opens after
/// <see cref="IncidentOptions.ConsecutiveCycles"/> anomalous cycles in a row and closes when a cycle judges the entity
/// without that anomaly. An entity a cycle had no data for keeps its state: missing data is not health.
/// Pure: the same book and observation always give the same decisions.
/// </summary>
public sealed class IncidentTracker(IOptions<IncidentOptions> options)
{
    public IncidentDecisions Apply(IncidentBook book, CycleObservation observation)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(observation);
        var settings = options.Value;
        var judged = new HashSet<string>(observation.JudgedEntities, StringComparer.Ordinal);
        var signals = observation.Signals
            .GroupBy(s => IncidentKey.Of(s.Entity, s.Kind), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MinBy(s => s.Score)!, StringComparer.Ordinal);

        var kept = new List<IncidentEntry>();
        List<IncidentEntry> opened = [], attached = [], pending = [], closed = [];
        foreach (var entry in book.Entries)
        {
            if (signals.Remove(entry.Key, out var signal))
            {
                kept.Add(Count(entry, signal, observation.At, settings, opened, attached, pending));
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
                Kind = signal.Kind,
                FirstSeen = observation.At,
            };
            kept.Add(Count(fresh, signal, observation.At, settings, opened, attached, pending));
        }

        var updated = new IncidentBook { Entries = kept, LastSuccessfulCycle = observation.At };
        return new IncidentDecisions(updated, opened, attached, pending, closed);
    }

    private static IncidentEntry Count(IncidentEntry entry, IncidentSignal signal, DateTimeOffset at, IncidentOptions settings,
        List<IncidentEntry> opened, List<IncidentEntry> attached, List<IncidentEntry> pending)
    {
        var next = entry with { ConsecutiveCycles = entry.ConsecutiveCycles + 1, LastSeen = at, LastScore = signal.Score };
        if (next.IsOpen)
        {
            attached.Add(next);
            return next;
        }

        if (next.ConsecutiveCycles < settings.ConsecutiveCycles)
        {
            pending.Add(next);
            return next;
        }

        var instanceId = IncidentKey.InstanceId(next.Key, at);
        next = next with { OpenedAt = at, InstanceId = instanceId, AnomalyId = IncidentKey.AnomalyId(instanceId) };
        opened.Add(next);
        return next;
    }
}
