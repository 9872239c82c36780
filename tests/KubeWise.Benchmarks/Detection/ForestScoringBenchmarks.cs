using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using KubeWise.Core.Detection.Forest;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// Scoring on one thread: a batch of 1,000,000 rows (target ≥ 2,000,000 rows/s, i.e. ≤ 500 ns per row) and one row
/// (target ≤ 10 µs, zero allocations: see the Allocated column). Each benchmark runs twice, in one run under one
/// machine load: on the kernel this CPU picks (AVX-512 tiles where it has them) and on the scalar kernel, with
/// AVX-512 switched off for the benchmark process (<c>DOTNET_EnableAVX512=0</c>, as tests/run-tests.sh does for the
/// forest tests). That both kernels score like scikit-learn is the tests' job (SklearnCrossCheckTests), not this one's.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(KernelJobs))]
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

        // Printed into the run's log, so a job that did not get the kernel it is named for shows.
        Console.WriteLine($"// ForestScoringBenchmarks: AVX-512 {(Avx512F.IsSupported ? "on" : "off")} in this process, max depth {_forest.MaxDepth}");
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public void BatchScorePerRow() => _forest.ScoreSamples(_rows, _scores);

    [Benchmark]
    public double ScoreOneRow() => _forest.DecisionFunction(_oneRow);

    /// <summary>The CPU's own kernel, and the same benchmarks with AVX-512 switched off (the scalar kernel).</summary>
    private sealed class KernelJobs : ManualConfig
    {
        public KernelJobs()
        {
            AddJob(Job.Default.WithId("cpu-kernel"));
            AddJob(Job.Default.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId("scalar-kernel"));
        }
    }
}
