using System.Diagnostics;
using KubeWise.Core;
using KubeWise.Core.Detection;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Testing.Evaluation;

/// <summary>How the protocol scans. The defaults are the issue's: one-shot scans at +6, +15 and +45 min, continuous every 30 s.</summary>
public sealed record EvaluationOptions
{
    public IReadOnlyList<TimeSpan> OneShotOffsets { get; init; } = [TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45)];

    /// <summary>Time between two cycles of the continuous run.</summary>
    public TimeSpan ContinuousStep { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The continuous run starts this long before the first onset, with no model, as a fresh deployment of KubeWise would.</summary>
    public TimeSpan ContinuousLead { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>After an incident ends, its entity is judged neither way for this long (the scan window still holds it).</summary>
    public TimeSpan Aftermath { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Two flags of one healthy entity less than this apart are one false-positive episode.</summary>
    public TimeSpan EpisodeGap { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>What the scans made of one incident.</summary>
/// <param name="OneShot">Per offset: found by a one-shot scan at onset + offset.</param>
/// <param name="ContinuousDelay">Time from the onset to the first continuous cycle that found it; null when none did before it ended.</param>
public sealed record IncidentOutcome(GroundTruthIncident Incident, IReadOnlyDictionary<TimeSpan, bool> OneShot, TimeSpan? ContinuousDelay);

/// <summary>Flags on one healthy entity, no more than <see cref="EvaluationOptions.EpisodeGap"/> apart.</summary>
public sealed record FalsePositiveEpisode(int Seed, EntityRef Entity, DateTimeOffset From, DateTimeOffset To, int Flags, string Finding);

/// <summary>One seed's outcome.</summary>
public sealed record SeedEvaluation(
    int Seed,
    IReadOnlyList<IncidentOutcome> Incidents,
    IReadOnlyList<FalsePositiveEpisode> Episodes,
    double HealthyEntityHours,
    IReadOnlyList<string> OneShotFalseNames,
    int OneShotScans,
    int ContinuousCycles,
    TimeSpan Elapsed);

/// <summary>
/// The evaluation protocol of issue 23: a seed's <see cref="StateScenario"/> served by a real Prometheus, scanned by the real
/// <see cref="ScanCycle"/> (the production Core graph): one-shot scans, each with fresh state and a model trained from history as
/// a first scan does, at fixed offsets into every incident; and one continuous run from before the first onset, one cycle per
/// step, keeping its state as the timer does. Found: see <see cref="IncidentMatch"/>.
/// </summary>
public static class DetectionEvaluation
{
    public const double OneShotTarget = 0.95;
    public const double ContinuousTarget = 0.98;
    public const double FalsePositivesPerThousandHoursTarget = 1;

    /// <summary>Generates, backfills and serves the seed's cluster, then scans it. <paramref name="log"/> gets progress lines.</summary>
    public static async Task<SeedEvaluation> RunSeedAsync(int seed, EvaluationOptions options, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var watch = Stopwatch.StartNew();
        var cluster = StateScenario.Build(seed);
        await using var prometheus = await SyntheticPrometheus.StartAsync(cluster, cancellationToken).ConfigureAwait(false);
        log($"seed {seed}: {prometheus.Samples:N0} samples backfilled, {cluster.Pods.Count} pods, {cluster.GroundTruth.Incidents.Count} incidents, Prometheus ready after {watch.Elapsed.TotalSeconds:0} s");
        return await ScanAsync(seed, prometheus.Url, cluster, options, log, watch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scans a cluster already served at <paramref name="prometheus"/>.</summary>
    public static async Task<SeedEvaluation> ScanAsync(
        int seed, Uri prometheus, SyntheticCluster cluster, EvaluationOptions options, Action<string> log, Stopwatch? watch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        watch ??= Stopwatch.StartNew();
        var started = (Wall: watch.Elapsed, Cpu: Process.GetCurrentProcess().TotalProcessorTime);
        var truth = cluster.GroundTruth;
        var falseNames = new List<string>();
        var oneShot = new Dictionary<GroundTruthIncident, Dictionary<TimeSpan, bool>>();
        var scans = 0;
        foreach (var incident in truth.Incidents)
        {
            var found = new Dictionary<TimeSpan, bool>();
            foreach (var offset in options.OneShotOffsets)
            {
                var at = incident.Start + offset;
                using var services = new ScanHost(prometheus);
                var report = await services.Cycle.RunAsync(new ScanRequest { At = at }, cancellationToken).ConfigureAwait(false);
                scans++;
                if (!report.Succeeded)
                {
                    throw new InvalidOperationException($"seed {seed}: the one-shot scan at {at:O} failed: {report.Failure}");
                }

                found[offset] = report.Anomalies.Any(a => IncidentMatch.Reports(a, incident, cluster));
                foreach (var anomaly in report.Anomalies.Where(a => IsHealthy(IncidentMatch.ToRef(a.Entity), at, cluster, options)))
                {
                    falseNames.Add($"seed {seed} one-shot at {at:HH:mm:ss} names healthy {anomaly.Entity}: {Describe(anomaly)}");
                }
            }

            oneShot[incident] = found;
            log($"seed {seed}: one-shot {incident.Kind} on {incident.Entity}: {string.Join(", ", found.Select(f => $"+{f.Key.TotalMinutes:0}m {(f.Value ? "found" : "missed")}"))}");
        }

        var oneShotDone = (Wall: watch.Elapsed, Cpu: Process.GetCurrentProcess().TotalProcessorTime);
        var (delays, episodes, healthyHours, cycles) = await ContinuousAsync(seed, prometheus, cluster, options, log, cancellationToken).ConfigureAwait(false);
        var outcomes = truth.Incidents.Select(i => new IncidentOutcome(i, oneShot[i], delays.TryGetValue(i, out var d) ? d : null)).ToList();
        var end = (Wall: watch.Elapsed, Cpu: Process.GetCurrentProcess().TotalProcessorTime);
        // Own CPU is this process's (the scans, and the generator before them); Prometheus's is not in it.
        log($"seed {seed}: done in {end.Wall.TotalSeconds:0} s: before the scans {started.Wall.TotalSeconds:0} s, {scans} one-shot scans {(oneShotDone.Wall - started.Wall).TotalSeconds:0} s " +
            $"(own CPU {(oneShotDone.Cpu - started.Cpu).TotalSeconds:0} s), {cycles} continuous cycles {(end.Wall - oneShotDone.Wall).TotalSeconds:0} s (own CPU {(end.Cpu - oneShotDone.Cpu).TotalSeconds:0} s)");
        return new SeedEvaluation(seed, outcomes, episodes, healthyHours, falseNames, scans, cycles, watch.Elapsed);
    }

    private static async Task<(Dictionary<GroundTruthIncident, TimeSpan> Delays, List<FalsePositiveEpisode> Episodes, double HealthyHours, int Cycles)> ContinuousAsync(
        int seed, Uri prometheus, SyntheticCluster cluster, EvaluationOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        var truth = cluster.GroundTruth;
        var delays = new Dictionary<GroundTruthIncident, TimeSpan>();
        var episodes = new List<FalsePositiveEpisode>();
        var open = new Dictionary<EntityRef, FalsePositiveEpisode>();
        long healthyChecks = 0;
        var cycles = 0;
        using var services = new ScanHost(prometheus);
        var first = truth.Incidents.Min(i => i.Start) - options.ContinuousLead;
        var last = truth.Incidents.Max(i => i.End) is var end && end < cluster.End ? end : cluster.End;
        for (var at = first; at <= last; at += options.ContinuousStep)
        {
            var report = await services.Cycle.RunAsync(new ScanRequest { At = at }, cancellationToken).ConfigureAwait(false);
            cycles++;
            if (!report.Succeeded)
            {
                throw new InvalidOperationException($"seed {seed}: the continuous cycle at {at:O} failed: {report.Failure}");
            }

            // A state found before the incident's start (a leak's growth, before the level it starts at) counts: early is fine.
            foreach (var incident in truth.Incidents.Where(i => (i.StateSince ?? i.Start) <= at && at < i.End && !delays.ContainsKey(i)))
            {
                if (report.Anomalies.Any(a => IncidentMatch.Reports(a, incident, cluster)))
                {
                    delays[incident] = at - incident.Start;
                }
            }

            var flagged = report.Anomalies.GroupBy(a => IncidentMatch.ToRef(a.Entity)).ToDictionary(g => g.Key, g => g.First());
            foreach (var entity in report.Entities.Select(IncidentMatch.ToRef).Concat(flagged.Keys).Distinct())
            {
                if (!IsHealthy(entity, at, cluster, options))
                {
                    continue;
                }

                healthyChecks++;
                if (!flagged.TryGetValue(entity, out var anomaly))
                {
                    continue;
                }

                if (open.TryGetValue(entity, out var episode) && at - episode.To <= options.EpisodeGap)
                {
                    open[entity] = episode with { To = at, Flags = episode.Flags + 1 };
                }
                else
                {
                    if (episode is not null)
                    {
                        episodes.Add(episode);
                    }

                    open[entity] = new FalsePositiveEpisode(seed, entity, at, at, 1, Describe(anomaly));
                }
            }

            if (cycles % 60 == 0)
            {
                log($"seed {seed}: continuous at {at:HH:mm} ({cycles} cycles), {delays.Count}/{truth.Incidents.Count} incidents found so far");
            }
        }

        episodes.AddRange(open.Values);
        return (delays, episodes, healthyChecks * options.ContinuousStep.TotalHours, cycles);
    }

    /// <summary>Healthy: no incident concerns the entity between the start of its state (a leak's growth) and the aftermath after its end.</summary>
    private static bool IsHealthy(EntityRef entity, DateTimeOffset at, SyntheticCluster cluster, EvaluationOptions options) =>
        !cluster.GroundTruth.Incidents.Any(i => (i.StateSince ?? i.Start) <= at && at < i.End + options.Aftermath && IncidentMatch.Concerns(i, entity, cluster));

    private static string Describe(Anomaly anomaly) =>
        $"{anomaly.Detector}: {string.Join("; ", anomaly.Evidence.Take(2).Select(e => e.Description))}";

    /// <summary>The production Core graph pointed at the test Prometheus, with its own empty model folder: the state of a first scan.</summary>
    private sealed class ScanHost : IDisposable
    {
        private readonly string _models = Directory.CreateTempSubdirectory("kubewise-eval-models-").FullName;
        private readonly ServiceProvider _provider;

        public ScanHost(Uri prometheus)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Prometheus:Url"] = prometheus.ToString().TrimEnd('/'),
                ["Prometheus:TimeoutSeconds"] = "120",
                ["Detection:ModelPath"] = Path.Combine(_models, "kubewise-forest.json"),
            }).Build();
            _provider = new ServiceCollection().AddLogging().AddKubeWiseCore(configuration).BuildServiceProvider();
        }

        public ScanCycle Cycle => _provider.GetRequiredService<ScanCycle>();

        public void Dispose()
        {
            _provider.Dispose();
            Directory.Delete(_models, recursive: true);
        }
    }
}
