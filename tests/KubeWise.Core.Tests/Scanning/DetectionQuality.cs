using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>
/// Runs scan cycles every <c>cadence</c> over a synthetic cluster's history and scores them against its ground truth.
/// Recall: share of incidents reported (right entity, right cause) by at least one cycle while they ran.
/// False positives: raised anomalies on entities with no incident overlapping the cycle's window.
/// </summary>
internal sealed class DetectionQuality
{
    public int Incidents { get; private set; }

    public int Recalled { get; private set; }

    public int Cycles { get; private set; }

    /// <summary>(cycle, entity) pairs raised without an incident.</summary>
    public int FalsePositiveFlags { get; private set; }

    /// <summary>(cycle, entity) pairs judged that had no incident.</summary>
    public int NegativeChecks { get; private set; }

    public List<string> Missed { get; } = [];

    public List<string> FalsePositives { get; } = [];

    public Dictionary<IncidentKind, (int Total, int Recalled)> ByKind { get; } = [];

    public double Recall => Incidents == 0 ? 1 : (double)Recalled / Incidents;

    public double FalsePositiveRate => NegativeChecks == 0 ? 0 : (double)FalsePositiveFlags / NegativeChecks;

    public static async Task<DetectionQuality> MeasureAsync(Uri prometheus, SyntheticCluster cluster, TimeSpan from, TimeSpan cadence, int seed)
    {
        using var services = new ScanServices(prometheus);
        var cycle = services.Cycle;
        var window = TimeSpan.FromMinutes(10);
        var truth = cluster.GroundTruth;
        var quality = new DetectionQuality();
        var reported = new HashSet<GroundTruthIncident>();
        // Train once on the first hour, which holds every benign event and no incident.
        var first = await cycle.RunAsync(new ScanRequest { At = cluster.Start.AddMinutes(60), Lookback = TimeSpan.FromMinutes(60) });
        if (!first.Succeeded)
        {
            throw new InvalidOperationException($"seed {seed}: the training cycle failed: {first.Failure}");
        }

        for (var at = cluster.Start + from; at <= cluster.End; at += cadence)
        {
            var report = await cycle.RunAsync(new ScanRequest { At = at });
            if (!report.Succeeded)
            {
                throw new InvalidOperationException($"seed {seed}: the cycle at {at:O} failed: {report.Failure}");
            }

            quality.Cycles++;
            var flagged = report.Anomalies.GroupBy(a => a.Entity).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var entity in report.Entities)
            {
                var reference = IncidentMatcher.ToRef(entity);
                var incident = truth.IsIncident(reference, at - window, at);
                if (!incident)
                {
                    quality.NegativeChecks++;
                    if (flagged.TryGetValue(entity, out var raised))
                    {
                        quality.FalsePositiveFlags++;
                        quality.FalsePositives.Add($"seed {seed} t+{(at - cluster.Start).TotalMinutes:0}m {entity}: {raised[0].Detector} {raised[0].TopEvidence.Description}");
                    }
                }
            }

            foreach (var running in truth.Incidents.Where(i => i.Start < at && i.End + window > at))
            {
                if (report.Anomalies.Any(a => IncidentMatcher.Reports(a, running)))
                {
                    reported.Add(running);
                }
            }
        }

        foreach (var incident in truth.Incidents)
        {
            quality.Incidents++;
            var hit = reported.Contains(incident);
            quality.Recalled += hit ? 1 : 0;
            var (total, recalled) = quality.ByKind.GetValueOrDefault(incident.Kind);
            quality.ByKind[incident.Kind] = (total + 1, recalled + (hit ? 1 : 0));
            if (!hit)
            {
                quality.Missed.Add($"seed {seed} {incident.Kind} on {incident.Entity} from t+{(incident.Start - cluster.Start).TotalMinutes:0}m");
            }
        }

        return quality;
    }

    public void Add(DetectionQuality other)
    {
        Incidents += other.Incidents;
        Recalled += other.Recalled;
        Cycles += other.Cycles;
        FalsePositiveFlags += other.FalsePositiveFlags;
        NegativeChecks += other.NegativeChecks;
        Missed.AddRange(other.Missed);
        FalsePositives.AddRange(other.FalsePositives);
        foreach (var (kind, (total, recalled)) in other.ByKind)
        {
            var (t, r) = ByKind.GetValueOrDefault(kind);
            ByKind[kind] = (t + total, r + recalled);
        }
    }
}
