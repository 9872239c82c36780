using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Detection.Entities;
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

            scored += ScoreGroup(model, [.. group], anomalies, suppressed, notScored);
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

        var width = model.Schema.FeatureCount;
        var rows = new double[vectors.Count * width];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].ValueSpan.CopyTo(rows.AsSpan(i * width, width));
        }

        var decisions = new double[vectors.Count];
        model.Forest.DecisionFunction(rows, decisions);
        for (var i = 0; i < vectors.Count; i++)
        {
            if (decisions[i] >= _options.ScoreThreshold)
            {
                continue;
            }

            var window = scoredWindows[i];
            var severity = decisions[i] < 2 * _options.ScoreThreshold ? AnomalySeverity.Critical : AnomalySeverity.Warning;
            var anomaly = new Anomaly(window.Entity, Anomaly.ForestDetector, decisions[i], severity,
                ForestExplainer.Explain(model.Forest, vectors[i], _options.MaxEvidence), window.End)
            {
                DuringRollout = window.Rollout.InProgress,
            };
            (anomaly.DuringRollout ? suppressed : anomalies).Add(anomaly);
        }

        return vectors.Count;
    }
}
