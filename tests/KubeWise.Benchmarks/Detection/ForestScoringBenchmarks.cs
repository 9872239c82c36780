using BenchmarkDotNet.Attributes;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// Scoring on one thread: a batch of 1,000,000 rows (target ≥ 2,000,000 rows/s, i.e. ≤ 500 ms) and one row
/// (target ≤ 10 µs, zero allocations: see the Allocated column).
/// </summary>
[MemoryDiagnoser]
public class ForestScoringBenchmarks
{
    private const int BatchRows = 1_000_000;
    private IsolationForest _forest = null!;
    private double[] _rows = [];
    private double[] _scores = [];
    private double[] _oneRow = [];

    [GlobalSetup]
    public void Setup()
    {
        _forest = IsolationForest.Fit(ForestBenchmarkData.Rows(10_000, seed: 1), ForestBenchmarkData.Features);
        _rows = ForestBenchmarkData.Rows(BatchRows, seed: 2);
        _scores = new double[BatchRows];
        _oneRow = _rows[..ForestBenchmarkData.Features];
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void BatchScorePerRow() => _forest.ScoreSamples(_rows, _scores);

    [Benchmark]
    public double ScoreOneRow() => _forest.DecisionFunction(_oneRow);
}
