using BenchmarkDotNet.Attributes;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// Scoring on one thread: a batch of 1,000,000 rows (target ≥ 2,000,000 rows/s, i.e. ≤ 500 ns per row) and one row
/// (target ≤ 10 µs, zero allocations: see the Allocated column). The Baseline* methods run the scalar scorer from
/// before the tile kernel on the same forest, so both figures come from one run under one machine load.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ForestScoringBenchmarks
{
    private const int BatchRows = 1_000_000;
    private IsolationForest _forest = null!;
    private BaselineForestScorer _baseline = null!;
    private double[] _rows = [];
    private double[] _scores = [];
    private double[] _oneRow = [];

    [GlobalSetup]
    public void Setup()
    {
        _forest = IsolationForest.Fit(ForestBenchmarkData.Rows(10_000, seed: 1), ForestBenchmarkData.Features);
        _baseline = new BaselineForestScorer(_forest);
        _rows = ForestBenchmarkData.Rows(BatchRows, seed: 2);
        _scores = new double[BatchRows];
        _oneRow = _rows[..ForestBenchmarkData.Features];

        // A baseline that scored differently would make the comparison meaningless.
        var expected = new double[BatchRows];
        _baseline.ScoreSamples(_rows, expected);
        _forest.ScoreSamples(_rows, _scores);
        if (!expected.AsSpan().SequenceEqual(_scores) || _baseline.ScoreSample(_oneRow) != _forest.ScoreSample(_oneRow))
        {
            throw new InvalidOperationException("The baseline scorer and IsolationForest disagree.");
        }
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void BatchScorePerRow() => _forest.ScoreSamples(_rows, _scores);

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void BaselineBatchScorePerRow() => _baseline.ScoreSamples(_rows, _scores);

    [Benchmark]
    public double ScoreOneRow() => _forest.DecisionFunction(_oneRow);

    [Benchmark]
    public double BaselineScoreOneRow() => _baseline.ScoreSample(_oneRow) - _forest.Offset;
}
