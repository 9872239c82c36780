using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Explanations;
using KubeWise.Core.Detection.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Detection;

/// <summary>
/// One detection pass: deterministic detectors on every entity window, and the isolation forest of the entity's type
/// (when one is trained) on its features. Never throws because of one entity or one detector.
/// </summary>
public sealed class DetectionEngine
{
    // Isolation saturates near -0.3 with ψ = 256, so "critical" is a tenth below the threshold rather than a multiple of it.
    private const double CriticalMargin = 0.1;

    private readonly FeatureExtractor _extractor;
    private readonly DetectorRegistry _registry;
    private readonly DetectionOptions _options;
    private readonly ILogger _logger;

    public DetectionEngine(FeatureExtractor extractor, DetectorRegistry registry, IOptions<DetectionOptions> options, ILogger<DetectionEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _extractor = extractor;
        _registry = registry;
        _options = options.Value;
        _logger = logger;
    }

    /// <param name="windows">The entity windows of this cycle.</param>
    /// <param name="models">The trained model per entity type; types without one are judged by the detectors only.</param>
    public DetectionResult Detect(IReadOnlyList<EntityWindow> windows, IReadOnlyDictionary<EntityType, EntityModel>? models = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var anomalies = new List<Anomaly>();
        var suppressed = new List<Anomaly>();
        var errors = new List<DetectorError>();
        var notScored = new List<EntityKey>();
        var scored = 0;
        foreach (var window in windows)
        {
            _registry.Run(window, anomalies, errors);
        }

        foreach (var group in windows.GroupBy(w => w.Entity.Type))
        {
            if (models is null || !models.TryGetValue(group.Key, out var model))
            {
                notScored.AddRange(group.Select(w => w.Entity));
                continue;
            }

            try
            {
                scored += ScoreGroup(model, [.. group], anomalies, suppressed, notScored);
            }
#pragma warning disable CA1031 // A broken model must not stop the detectors' findings from being reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                errors.Add(new DetectorError(Anomaly.ForestDetector, new EntityKey(group.Key, string.Empty, "*"), ex.Message));
                notScored.AddRange(group.Select(w => w.Entity).Where(e => !notScored.Contains(e)));
            }
        }

        foreach (var error in errors)
        {
            DetectionLog.DetectorFailed(_logger, error.Detector, error.Entity.ToString(), error.Message);
        }

        return new DetectionResult
        {
            Anomalies = [.. anomalies.OrderBy(a => a.Score).ThenBy(a => a.Entity.ToString(), StringComparer.Ordinal)],
            SuppressedDuringRollout = suppressed,
            DetectorErrors = errors,
            NotScored = notScored,
            ForestScored = scored,
        };
    }

    private int ScoreGroup(EntityModel model, List<EntityWindow> windows, List<Anomaly> anomalies, List<Anomaly> suppressed, List<EntityKey> notScored)
    {
        var vectors = new List<FeatureVector>(windows.Count);
        var scoredWindows = new List<EntityWindow>(windows.Count);
        foreach (var window in windows)
        {
            var vector = _extractor.Extract(window, model.Schema);
            if (vector.IsScorable)
            {
                vectors.Add(vector);
                scoredWindows.Add(window);
            }
            else
            {
                notScored.Add(window.Entity);
            }
        }

        // All blocks of the group in one batch: the forest scores rows side by side much faster than one by one.
        var metrics = model.Schema.Metrics.Count;
        var width = FeatureSchema.BlockWidth;
        var rows = new double[vectors.Count * metrics * width];
        var blockCount = 0;
        foreach (var vector in vectors)
        {
            for (var m = 0; m < metrics; m++)
            {
                if (vector.HasMetric(m))
                {
                    model.Schema.CopyBlock(vector.ValueSpan, m, rows.AsSpan(blockCount * width, width));
                    blockCount++;
                }
            }
        }

        // Metrics of which other entities of this type have an hour of baseline: an entity with less has no history yet.
        // When none has (a cluster, or a Prometheus, younger than an hour), every window is judged on its own, as before.
        var tracked = new HashSet<string>(
            scoredWindows.SelectMany(w => w.Facts.Baselines).Where(b => b.Value.Points >= SaturationDetector.MinimumBaselinePoints).Select(b => b.Key),
            StringComparer.Ordinal);
        var scores = new double[blockCount];
        model.Forest.DecisionFunction(rows.AsSpan(0, blockCount * width), scores);
        var next = 0;
        var blockDecisions = new double[metrics];
        for (var i = 0; i < vectors.Count; i++)
        {
            for (var m = 0; m < metrics; m++)
            {
                blockDecisions[m] = vectors[i].HasMetric(m) ? scores[next++] : double.NaN;
            }

            var window = scoredWindows[i];
            SetAsideUncorroborated(model.Schema, vectors[i], window, blockDecisions, tracked);
            var decision = EntityModel.Combine(blockDecisions);
            if (!(decision < _options.ScoreThreshold) || LargestDeviation(model.Schema, vectors[i], blockDecisions) < _options.MinimumDeviation)
            {
                continue;
            }

            var severity = decision < _options.ScoreThreshold - CriticalMargin ? AnomalySeverity.Critical : AnomalySeverity.Warning;
            var evidence = ForestExplainer.Explain(model, vectors[i], blockDecisions, _options.ScoreThreshold, _options.MaxEvidence);
            var anomaly = new Anomaly(window.Entity, Anomaly.ForestDetector, decision, severity, evidence, window.End)
            {
                DuringRollout = window.Rollout.InProgress,
            };
            (anomaly.DuringRollout ? suppressed : anomalies).Add(anomaly);
        }

        return vectors.Count;
    }

    /// <summary>
    /// A block below the threshold whose metric has the entity's own baseline from history
    /// (<see cref="EntityFacts.Baselines"/>, at least <see cref="SaturationDetector.MinimumBaselinePoints"/>
    /// samples; less history than that counts as none yet) counts only when the window departs from that baseline: its
    /// recent mean or newest value at least <see cref="DetectionOptions.MinimumDeviation"/> baseline spreads from the
    /// baseline's level. An entity with less than an hour of a metric other entities of its type have an hour of (it is
    /// new) has nothing to depart from yet. Metrics nobody has an hour of baseline of are judged as before. The window's own
    /// features compare it only with itself, so the day's load, which moves a window against its own older points, is
    /// not a finding when the entity has been there before. Blocks set aside read NaN (not scored).
    /// </summary>
    private void SetAsideUncorroborated(FeatureSchema schema, FeatureVector vector, EntityWindow window, Span<double> blockDecisions, HashSet<string> tracked)
    {
        for (var m = 0; m < blockDecisions.Length; m++)
        {
            var name = schema.Metrics[m].Name;
            if (!(blockDecisions[m] < _options.ScoreThreshold) || !tracked.Contains(name))
            {
                continue;
            }

            // No history, or less than an hour of it (a node that just joined): nothing to depart from yet.
            if (!window.Facts.Baselines.TryGetValue(name, out var baseline) || baseline.Points < SaturationDetector.MinimumBaselinePoints
                || BaselineDeparture(schema, vector, m, baseline) < _options.MinimumDeviation)
            {
                blockDecisions[m] = double.NaN;
            }
        }
    }

    /// <summary>How many baseline spreads the window's recent mean or newest value of metric <paramref name="m"/> lies from the baseline's level (the larger).</summary>
    private double BaselineDeparture(FeatureSchema schema, FeatureVector vector, int m, SignalBaseline baseline)
    {
        var offset = schema.FeatureOffset(m);
        var recent = vector.Raw[offset + (int)FeatureStatistic.Mean];
        var last = vector.Raw[offset + (int)FeatureStatistic.Last];
        var scale = Math.Max(baseline.Spread, Math.Max(_options.RelativeScaleFloor * Math.Abs(baseline.Level), _options.AbsoluteScaleFloor));
        var departure = Math.Max(Math.Abs(recent - baseline.Level), Math.Abs(last - baseline.Level)) / scale;
        return double.IsNaN(departure) ? 0 : departure;
    }

    private double LargestDeviation(FeatureSchema schema, FeatureVector vector, ReadOnlySpan<double> blockDecisions)
    {
        var largest = 0.0;
        for (var m = 0; m < blockDecisions.Length; m++)
        {
            if (!(blockDecisions[m] < _options.ScoreThreshold))
            {
                continue;
            }

            for (var k = 0; k < FeatureSchema.BlockWidth; k++)
            {
                largest = Math.Max(largest, Math.Abs(vector.Values[schema.ForestFeatureIndex(m, k)]));
            }
        }

        return largest;
    }
}
