using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection;

/// <summary>
/// Everything a scan found about one entity: every detector that fired and its evidence, so a person reads one row and
/// one plan per entity instead of one per detector (a crash-looping Deployment is also a restart burst and has
/// unavailable replicas: one problem, one fix).
/// </summary>
public sealed record EntityFindings
{
    public EntityFindings(IReadOnlyList<Anomaly> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            throw new ArgumentException("An entity's findings are never empty.", nameof(findings));
        }

        if (findings.Any(f => f.Entity != findings[0].Entity))
        {
            throw new ArgumentException("Findings of one entity only.", nameof(findings));
        }

        Findings = findings;
    }

    /// <summary>The findings, the most anomalous (the one that leads the analysis) first.</summary>
    public IReadOnlyList<Anomaly> Findings { get; }

    public Anomaly Lead => Findings[0];

    public EntityKey Entity => Lead.Entity;

    /// <summary>Every detector that fired, the leading one first.</summary>
    public IReadOnlyList<string> Detectors => [.. Findings.Select(f => f.Detector).Distinct(StringComparer.Ordinal)];

    /// <summary>The worst score (lower is worse, as the seed's <c>anomaly_score</c>).</summary>
    public double Score => Findings.Min(f => f.Score);

    /// <summary>The most urgent severity of any finding.</summary>
    public AnomalySeverity Severity => Findings.Max(f => f.Severity);

    public DateTimeOffset DetectedAt => Lead.DetectedAt;

    public bool DuringRollout => Findings.Any(f => f.DuringRollout);

    /// <summary>Each detector's evidence, the leading finding's first; the same statement from two detectors appears once.</summary>
    public IReadOnlyList<(string Detector, Evidence Evidence)> Evidence =>
        [.. Findings.SelectMany(f => f.Evidence.Select(e => (f.Detector, e))).DistinctBy(p => p.e.Description, StringComparer.Ordinal)];

    /// <summary>
    /// Groups a scan's findings by entity, keeping the scan's order: entities by their most anomalous finding, and
    /// within an entity the findings in the order the scan ranked them.
    /// </summary>
    public static IReadOnlyList<EntityFindings> Group(IEnumerable<Anomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        return [.. anomalies.GroupBy(a => a.Entity).Select(g => new EntityFindings([.. g]))];
    }
}
