using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus.Synthetic;

namespace KubeWise.Benchmarks.Metrics;

/// <summary>
/// The synthetic cluster at the 20,000-pod scale (generating only a window) and parsing a Prometheus answer of that size.
/// dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*PrometheusBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class PrometheusBenchmarks
{
    private static readonly DateTimeOffset End = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
    private SyntheticCluster _cluster = null!;
    private byte[] _vectorAnswer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cluster = Build20kPods();
        var body = new StringBuilder("""{"status":"success","data":{"resultType":"vector","result":[""");
        var at = _cluster.TimeAt(End);
        var first = true;
        foreach (var pod in _cluster.Pods)
        {
            body.Append(first ? string.Empty : ",")
                .Append($$"""{"metric":{"namespace":"{{pod.Namespace}}","pod":"{{pod.Name}}","container":"{{pod.Container}}","node":"{{pod.Node}}"},"value":[{{at.UnixSeconds}},"{{pod.CpuCoresAt(End).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}"]}""");
            first = false;
        }

        _vectorAnswer = Encoding.UTF8.GetBytes(body.Append("]}}").ToString());
    }

    private static SyntheticCluster Build20kPods() =>
        new SyntheticClusterBuilder(seed: 3)
            .WithShape(namespaces: 40, deploymentsPerNamespace: 50, replicas: 10, nodes: 200)
            .Between(End.AddDays(-1), End)
            .WithIncident(IncidentKind.CrashLoop, EntityRef.Deployment("shop", "api"), End.AddMinutes(-30), TimeSpan.FromMinutes(20))
            .Build();

    /// <summary>Topology of 20,000 pods (names, owners, nodes, signal models).</summary>
    [Benchmark]
    public int Build20kPodCluster() => Build20kPods().Pods.Count;

    /// <summary>OpenMetrics for the last 10 minutes at 15 s (41 steps) of every series of 20,000 pods.</summary>
    [Benchmark]
    public long WriteTenMinuteWindow20kPods() => ExpositionWriter.WriteOpenMetrics(_cluster, TextWriter.Null, End.AddMinutes(-10), End);

    /// <summary>A vector answer with one series per pod (about 3.6 MB of JSON) parsed into results.</summary>
    [Benchmark]
    public int ParseVectorAnswer20kSeries()
    {
        using var envelope = PrometheusResponseParser.Parse(_vectorAnswer, HttpStatusCode.OK, "api/v1/query", "q");
        return PrometheusResponseParser.ReadQueryResult(envelope, "api/v1/query", "q").Series.Count;
    }
}
