using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KubeWise.Cli;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Cli.Tests.Commands;

/// <summary><c>kubewise scan</c> end to end against a real Prometheus serving the default synthetic scenario.</summary>
public sealed class ScanCommandTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>, IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("kubewise-cli-models-").FullName;

    private string ModelPath => Path.Combine(_models, "kubewise-forest.json");

    public void Dispose() => Directory.Delete(_models, recursive: true);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KubeWiseCli.InvokeAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Url => fixture.Url.ToString().TrimEnd('/');

    [Fact]
    public async Task Scan_HealthyTimeWithoutModel_TrainsFromHistoryAndExitsZero()
    {
        var (code, output, error) = await RunAsync("scan", "--prometheus", Url, "--at", "2025-06-02T08:25:00Z", "--lookback", "20m", "--model", ModelPath);

        Assert.True(code == 0, output + error);
        Assert.Contains("Model deployment: trained", output, StringComparison.Ordinal);
        Assert.Contains("No anomalies: all 13 entities look healthy.", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_models, "kubewise-forest.deployment.json")));
    }

    [Fact]
    public async Task Scan_DuringIncidents_PrintsEachAnomalousEntityAndExitsThree()
    {
        await RunAsync("scan", "--prometheus", Url, "--at", "2025-06-02T09:00:00Z", "--lookback", "1h", "--model", ModelPath);

        var (code, output, error) = await RunAsync("scan", "--prometheus", Url, "--at", "2025-06-02T09:32:00Z", "--model", ModelPath);

        Assert.True(code == 3, output + error);
        Assert.Contains("Model deployment: loaded", output, StringComparison.Ordinal);
        Assert.Matches(@"TYPE\s+NAMESPACE\s+NAME\s+SCORE\s+SEVERITY\s+DETECTORS\s+TOP EVIDENCE", output);
        Assert.Matches(@"deployment\s+payments\s+api\s+-1\.000\s+HIGH\s+CrashLoopBackOff(,\w+)*\s+1 container\(s\) waiting in CrashLoopBackOff", output);
        Assert.Matches(@"deployment\s+search\s+frontend\s+-1\.000\s+HIGH\s+OOMKilled(,\w+)*\s+", output);
        // The leak is named with state evidence against the workload's own baseline; the forest agrees.
        Assert.Matches(@"deployment\s+payments\s+checkout\s+-0\.\d+\s+\w+\s+MemoryNearLimit,IsolationForest\s+memory at \d+ % of its limit since \S+ \S+ UTC \(baseline \d+ % ", output);
        // One row per entity, however many detectors fired for it.
        var rows = output.Split('\n').SkipWhile(l => !l.StartsWith("TYPE", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3))).ToList();
        Assert.True(rows.Count >= 3, output);
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Matches($@"{rows.Count} anomalous entit(y|ies) \(\d+ findings?\):", output);
    }

    [Fact]
    public async Task Scan_JsonOutput_ListsAnomaliesWithEvidence()
    {
        var (code, output, error) = await RunAsync("scan", "--prometheus", Url, "--at", "2025-06-02T09:42:00Z", "--lookback", "1h", "--namespace", "payments", "--output", "json", "--model", ModelPath);

        Assert.True(code == 3, output + error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2025-06-02T09:42:00Z", root.GetProperty("at").GetString());
        Assert.Equal(600, root.GetProperty("window_seconds").GetInt32());
        var anomalies = root.GetProperty("anomalies").EnumerateArray().ToList();
        Assert.All(anomalies, a => Assert.True(a.GetProperty("namespace").GetString() is "payments" or ""));
        var replicas = Assert.Single(anomalies, a => a.GetProperty("detector").GetString() == "ReplicasUnavailable");
        Assert.Equal("deployment", replicas.GetProperty("entity_type").GetString());
        Assert.Equal("frontend", replicas.GetProperty("name").GetString());
        var evidence = replicas.GetProperty("evidence")[0];
        Assert.Equal("kube_deployment_status_replicas_unavailable", evidence.GetProperty("name").GetString());
        Assert.Equal(1, evidence.GetProperty("value").GetDouble());
        Assert.Contains(anomalies, a => a.GetProperty("entity").GetString() == "node/node-001" && a.GetProperty("detector").GetString() == "NodeMemoryPressure");
        // One entry per entity: every detector that fired is listed with it, and each evidence item names its detector.
        Assert.Equal(anomalies.Count, anomalies.Select(a => a.GetProperty("entity").GetString()).Distinct().Count());
        Assert.All(anomalies, a =>
        {
            var detectors = a.GetProperty("detectors").EnumerateArray().Select(d => d.GetString()).ToList();
            Assert.Equal(a.GetProperty("detector").GetString(), detectors[0]);
            Assert.All(a.GetProperty("evidence").EnumerateArray(), e => Assert.Contains(e.GetProperty("detector").GetString(), detectors));
        });
        Assert.Contains(root.GetProperty("queries").GetProperty("inactive").EnumerateArray(), q => q.GetProperty("id").GetString() == "node_cpu_busy_ratio");
    }

    [Fact]
    public async Task Scan_PrometheusDown_SaysSoAndExitsOne()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (code, output, error) = await RunAsync("scan", "--prometheus", $"http://127.0.0.1:{port}", "--model", ModelPath);

        Assert.Equal(1, code);
        Assert.Contains($"error: Prometheus at http://127.0.0.1:{port} is unreachable", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData(new[] { "scan", "--prometheus", "http://localhost:9090", "--window", "10x" }, "--window: '10x' is not a duration")]
    [InlineData(new[] { "scan", "--prometheus", "http://localhost:9090", "--lookback", "5m", "--window", "10m" }, "--lookback (5m) must be longer than --window (10m)")]
    [InlineData(new[] { "scan", "--prometheus", "http://localhost:9090", "--at", "yesterday" }, "--at: 'yesterday'")]
    [InlineData(new[] { "scan", "--prometheus", "http://localhost:9090", "--namespace", "Not_A_Namespace" }, "--namespace: 'Not_A_Namespace'")]
    [InlineData(new[] { "scan", "--prometheus", "localhost:9090" }, "is not an http(s) URL")]
    [InlineData(new[] { "scan", "--prometheus", "http://localhost:9090", "--output", "xml" }, "xml")]
    public async Task Scan_BadArguments_ExitTwoWithTheReason(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
