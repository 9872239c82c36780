using BenchmarkDotNet.Attributes;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Benchmarks.Detection;

/// <summary>Fit: 100 trees, ψ = 256, 8 features (target ≤ 5 ms on one core).</summary>
[MemoryDiagnoser]
[MinColumn]
public class ForestFitBenchmarks
{
    private double[] _training = [];

    [Params(256, 10_000)]
    public int TrainingRows { get; set; }

    [GlobalSetup]
    public void Setup() => _training = ForestBenchmarkData.Rows(TrainingRows, seed: 1);

    [Benchmark]
    public IsolationForest Fit() => IsolationForest.Fit(_training, ForestBenchmarkData.Features, trees: 100, sampleSize: 256, seed: 42);
}
