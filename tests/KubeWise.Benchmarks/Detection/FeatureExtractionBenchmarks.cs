using BenchmarkDotNet.Attributes;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// Feature extraction for 5,000 entities × 10 metrics × 40-point windows on one thread (target ≤ 50 ms), into one
/// preallocated matrix as the scan cycle would; and, for scale, a whole detection pass (detectors + forest) over them.
/// </summary>
[MemoryDiagnoser]
public class FeatureExtractionBenchmarks
{
    private const int Entities = 5_000;
    private const int Metrics = 10;
    private const int Points = 40;

    private EntityWindow[] _windows = [];
    private FeatureSchema _schema = null!;
    private FeatureExtractor _extractor = null!;
    private double[] _values = [];
    private double[] _raw = [];
    private double[] _baseline = [];
    private bool[] _present = [];
    private DetectionEngine _engine = null!;
    private Dictionary<EntityType, EntityModel> _models = [];

    [GlobalSetup]
    public void Setup()
    {
        var options = new DetectionOptions();
        var random = new Random(1);
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        // Seven gauges and three counters, like CPU, memory and error totals of a workload.
        var descriptors = Enumerable.Range(0, Metrics).Select(m => new MetricDescriptor($"metric_{m:00}", m < 7 ? MetricKind.Gauge : MetricKind.Counter)).ToArray();
        _schema = new FeatureSchema(EntityType.Deployment, descriptors);
        _windows = new EntityWindow[Entities];
        for (var e = 0; e < Entities; e++)
        {
            var level = Math.Pow(10, 4 * random.NextDouble());
            var series = new MetricSeries[Metrics];
            for (var m = 0; m < Metrics; m++)
            {
                var samples = new MetricSample[Points];
                var total = 0.0;
                for (var i = 0; i < Points; i++)
                {
                    var value = level * (1 + (0.05 * (random.NextDouble() - 0.5)));
                    total += value;
                    samples[i] = new MetricSample(start.AddSeconds(30 * i), descriptors[m].Kind == MetricKind.Counter ? total : value);
                }

                series[m] = new MetricSeries(descriptors[m].Name, descriptors[m].Kind, samples);
            }

            _windows[e] = new EntityWindow(new EntityKey(EntityType.Deployment, "bench", $"app-{e}"), start.AddSeconds(30 * (Points - 1)), series);
        }

        _extractor = new FeatureExtractor(options);
        _values = new double[Entities * _schema.FeatureCount];
        _raw = new double[Entities * _schema.FeatureCount];
        _baseline = new double[Entities * _schema.FeatureCount];
        _present = new bool[Entities * Metrics];
        _engine = new DetectionEngine(_extractor, DetectorRegistry.CreateDefault(options), Options.Create(options), NullLogger<DetectionEngine>.Instance);
        _models = new() { [EntityType.Deployment] = ForestTrainer.Fit(ForestTrainer.BuildTrainingSet(_windows, _schema, _extractor), options) };
    }

    [Benchmark]
    public int ExtractFeatures5000Entities()
    {
        var width = _schema.FeatureCount;
        var found = 0;
        for (var e = 0; e < _windows.Length; e++)
        {
            found += _extractor.Extract(_windows[e], _schema,
                _values.AsSpan(e * width, width), _raw.AsSpan(e * width, width), _baseline.AsSpan(e * width, width), _present.AsSpan(e * Metrics, Metrics));
        }

        return found;
    }

    [Benchmark]
    public int DetectionPass5000Entities() => _engine.Detect(_windows, _models).ForestScored;
}
