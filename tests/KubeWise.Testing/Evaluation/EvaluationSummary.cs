using System.Globalization;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Testing.Evaluation;

/// <summary>Recall per incident kind and false-positive episodes over several seeds, printed next to the protocol's targets.</summary>
public sealed class EvaluationSummary
{
    private readonly List<SeedEvaluation> _seeds;

    public EvaluationSummary(IEnumerable<SeedEvaluation> seeds, EvaluationOptions options)
    {
        _seeds = [.. seeds];
        Options = options;
    }

    public EvaluationOptions Options { get; }

    public IReadOnlyList<SeedEvaluation> Seeds => _seeds;

    public IReadOnlyList<IncidentOutcome> Incidents => [.. _seeds.SelectMany(s => s.Incidents)];

    public IReadOnlyList<FalsePositiveEpisode> Episodes => [.. _seeds.SelectMany(s => s.Episodes)];

    public double HealthyEntityHours => _seeds.Sum(s => s.HealthyEntityHours);

    public double FalsePositivesPerThousandHours => HealthyEntityHours == 0 ? 0 : Episodes.Count * 1000 / HealthyEntityHours;

    public IReadOnlyList<IncidentKind> Kinds => [.. Incidents.Select(i => i.Incident.Kind).Distinct().Order()];

    public (int Found, int Total) OneShot(IncidentKind kind, TimeSpan offset)
    {
        var of = Incidents.Where(i => i.Incident.Kind == kind).ToList();
        return (of.Count(i => i.OneShot[offset]), of.Count);
    }

    public (int Found, int Total) Continuous(IncidentKind kind)
    {
        var of = Incidents.Where(i => i.Incident.Kind == kind).ToList();
        return (of.Count(i => i.ContinuousDelay is not null), of.Count);
    }

    /// <summary>Every target missed, in words; empty when all hold.</summary>
    public IReadOnlyList<string> MissedTargets()
    {
        var missed = new List<string>();
        foreach (var kind in Kinds)
        {
            foreach (var offset in Options.OneShotOffsets)
            {
                var (found, total) = OneShot(kind, offset);
                if (found < DetectionEvaluation.OneShotTarget * total)
                {
                    missed.Add($"{kind} one-shot +{offset.TotalMinutes:0} min: {found}/{total} < {DetectionEvaluation.OneShotTarget:P0}");
                }
            }

            var (c, n) = Continuous(kind);
            if (c < DetectionEvaluation.ContinuousTarget * n)
            {
                missed.Add($"{kind} continuous: {c}/{n} < {DetectionEvaluation.ContinuousTarget:P0}");
            }
        }

        if (FalsePositivesPerThousandHours > DetectionEvaluation.FalsePositivesPerThousandHoursTarget)
        {
            missed.Add($"false positives: {FalsePositivesPerThousandHours:0.0} episodes per 1,000 healthy entity-hours > {DetectionEvaluation.FalsePositivesPerThousandHoursTarget}");
        }

        return missed;
    }

    /// <summary>The result table and the details (misses, false positives), one line per string.</summary>
    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        var offsets = Options.OneShotOffsets;
        var seeds = string.Join(",", _seeds.Select(s => s.Seed));
        var at = string.Join(", ", offsets.Select(o => string.Create(c, $"+{o.TotalMinutes:0} min")));
        yield return string.Create(c, $"seeds {seeds}; one-shot scans at {at} into each incident, fresh state and a model trained from history each time; continuous scanning every {Options.ContinuousStep.TotalSeconds:0} s from {Options.ContinuousLead.TotalMinutes:0} min before the first onset");
        var header = $"{"kind",-20} {"n",3}" + string.Concat(offsets.Select(o => $" {"+" + o.TotalMinutes.ToString("0", c) + " min",12}")) + $" {"continuous",12} {"median delay",12}";
        yield return header;
        foreach (var kind in Kinds)
        {
            var line = $"{kind,-20} {Incidents.Count(i => i.Incident.Kind == kind),3}";
            foreach (var offset in offsets)
            {
                line += $" {Ratio(OneShot(kind, offset)),12}";
            }

            var delays = Incidents.Where(i => i.Incident.Kind == kind && i.ContinuousDelay is not null).Select(i => i.ContinuousDelay!.Value.TotalMinutes).Order().ToList();
            var median = delays.Count == 0 ? "-" : string.Create(c, $"{delays[delays.Count / 2]:0.#} min");
            yield return line + $" {Ratio(Continuous(kind)),12} {median,12}";
        }

        yield return $"{"target",-20} {string.Empty,3}" + string.Concat(offsets.Select(_ => $" {">= " + DetectionEvaluation.OneShotTarget.ToString("P0", c),12}")) + $" {">= " + DetectionEvaluation.ContinuousTarget.ToString("P0", c),12}";
        yield return string.Create(c, $"false positives: {Episodes.Count} episodes over {HealthyEntityHours:0.0} healthy entity-hours = {FalsePositivesPerThousandHours:0.0} per 1,000 entity-hours (target <= {DetectionEvaluation.FalsePositivesPerThousandHoursTarget:0})");
        var falseNames = _seeds.Sum(s => s.OneShotFalseNames.Count);
        yield return $"one-shot scans naming a healthy entity: {falseNames} names in {_seeds.Sum(s => s.OneShotScans)} scans";
        var missed = MissedTargets();
        yield return missed.Count == 0 ? "all targets hold" : $"targets missed: {missed.Count}";
        foreach (var outcome in Incidents.Where(i => i.OneShot.Values.Any(f => !f) || i.ContinuousDelay is null))
        {
            var i = outcome.Incident;
            var seed = _seeds.First(s => s.Incidents.Contains(outcome)).Seed;
            var detail = i.Detail.Length > 0 ? " (" + i.Detail + ")" : string.Empty;
            var shots = string.Join(", ", outcome.OneShot.Select(o => string.Create(c, $"+{o.Key.TotalMinutes:0}m {(o.Value ? "found" : "missed")}")));
            var continuous = outcome.ContinuousDelay is { } d ? string.Create(c, $"after {d.TotalMinutes:0.#} min") : "missed";
            yield return string.Create(c, $"  missed: seed {seed} {i.Kind} on {i.Entity} from {i.Start:HH:mm} for {(i.End - i.Start).TotalMinutes:0} min{detail}: {shots}, continuous {continuous}");
        }

        foreach (var e in Episodes)
        {
            yield return string.Create(c, $"  false positive: seed {e.Seed} {e.Entity} {e.From:HH:mm:ss}-{e.To:HH:mm:ss} ({e.Flags} cycles): {e.Finding}");
        }

        foreach (var name in _seeds.SelectMany(s => s.OneShotFalseNames))
        {
            yield return "  " + name;
        }
    }

    private static string Ratio((int Found, int Total) value) =>
        value.Total == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{value.Found}/{value.Total} {100.0 * value.Found / value.Total:0}%");
}
