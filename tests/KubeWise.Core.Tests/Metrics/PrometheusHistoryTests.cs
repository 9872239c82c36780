using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus;
using KubeWise.Testing.Prometheus.Synthetic;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>The client against a real Prometheus serving the default synthetic cluster's backfilled history.</summary>
public sealed class PrometheusHistoryTests(PrometheusHistoryFixture fixture, ITestOutputHelper output)
    : IClassFixture<PrometheusHistoryFixture>, IDisposable
{
    private static readonly DateTimeOffset Start = DefaultScenario.Start;
    private readonly ServiceProvider _services = PrometheusClientFactory.Build(fixture.Url);

    private IPrometheusClient Client => _services.Client();

    private SyntheticCluster Cluster => fixture.Cluster;

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Fixture_BackfillsTheScenario_AndReportsStartup()
    {
        output.WriteLine($"history fixture: {fixture.SampleCount} samples, {Cluster.Pods.Count} pods, ready in {fixture.StartupTime.TotalSeconds:0.0} s");
        Assert.True(fixture.SampleCount > 100_000);
        Assert.False(fixture.Process.HasExited);
    }

    [Fact]
    public async Task Query_AtEvaluationTime_CountsThePodsThatExistThen()
    {
        var result = await Client.QueryAsync("count(kube_pod_info)", fixture.EvaluationTime);

        Assert.Equal(PrometheusResultType.Vector, result.ResultType);
        var expected = Cluster.Pods.Count(p => p.ExistsAt(fixture.EvaluationTime));
        Assert.Equal(expected, result.Series.Single().Samples.Single().Value);
        Assert.Equal(fixture.EvaluationTime, result.Series[0].Samples[0].Timestamp);
        Assert.False(result.HasWarnings);
    }

    [Fact]
    public async Task Query_ReplicasAfterHpaScaleOut_ShowTheNewReplicaCount()
    {
        var before = await Client.QueryAsync("kube_deployment_spec_replicas{namespace=\"search\",deployment=\"api\"}", Start.AddMinutes(39));
        var after = await Client.QueryAsync("kube_deployment_spec_replicas{namespace=\"search\",deployment=\"api\"}", Start.AddMinutes(41));

        Assert.Equal(2, before.Series.Single().Samples[0].Value);
        Assert.Equal(4, after.Series.Single().Samples[0].Value);
        Assert.Equal("api", after.Series[0].Label("deployment"));
        Assert.Equal("kube_deployment_spec_replicas", after.Series[0].MetricName);
    }

    [Theory]
    [InlineData("0/0", double.NaN)]
    [InlineData("1/0", double.PositiveInfinity)]
    [InlineData("-1/0", double.NegativeInfinity)]
    [InlineData("scalar(sum(kube_deployment_spec_replicas))", 20d)]
    public async Task Query_ScalarAnswers_ParseSpecialValues(string query, double expected)
    {
        var result = await Client.QueryAsync(query, fixture.EvaluationTime);

        Assert.Equal(PrometheusResultType.Scalar, result.ResultType);
        Assert.Equal(expected, result.Scalar!.Value.Value);
    }

    [Fact]
    public async Task Query_StringLiteral_ReturnsStringResult()
    {
        var result = await Client.QueryAsync("\"kubewise\"", fixture.EvaluationTime);

        Assert.Equal(PrometheusResultType.String, result.ResultType);
        Assert.Equal("kubewise", result.StringValue);
    }

    [Fact]
    public async Task QueryRange_CpuSaturation_RunsAtTheLimitOnlyDuringTheIncident()
    {
        var incident = Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.CpuSaturation);
        var limit = Cluster.Deployment("shop", "checkout").CpuLimitCores;

        var result = await Client.QueryRangeAsync(
            "rate(container_cpu_usage_seconds_total{namespace=\"shop\",pod=~\"checkout-.*\"}[1m]) / on(pod) group_left kube_pod_container_resource_limits{resource=\"cpu\"}",
            incident.Start.AddMinutes(-20), incident.End, TimeSpan.FromMinutes(1));

        Assert.Equal(PrometheusResultType.Matrix, result.ResultType);
        Assert.Equal(incident.AffectedPods.Select(p => p.Name).Order(), result.Series.Select(s => s.Label("pod")).Order());
        foreach (var series in result.Series)
        {
            Assert.Equal(41, series.Samples.Count);
            Assert.All(series.Samples.Where(s => s.Timestamp >= incident.Start.AddMinutes(2)), s => Assert.InRange(s.Value, 0.95, 1.01));
            Assert.All(series.Samples.Where(s => s.Timestamp < incident.Start), s => Assert.InRange(s.Value, 0.05, 0.6));
        }

        Assert.True(limit > 0);
    }

    [Fact]
    public async Task QueryRange_DefaultStep_IsTheScrapeInterval()
    {
        var result = await Client.QueryRangeAsync("kube_node_info", TimeSpan.FromMinutes(5), fixture.EvaluationTime);

        var series = result.Series.First();
        Assert.Equal(21, series.Samples.Count);
        Assert.Equal(TimeSpan.FromSeconds(15), series.Samples[1].Timestamp - series.Samples[0].Timestamp);
        Assert.Equal(fixture.EvaluationTime, series.Samples[^1].Timestamp);
    }

    [Fact]
    public async Task QueryRange_PastTheEndOfHistory_ReturnsOnlyWhatExists()
    {
        // Prometheus looks back 5 minutes for the last sample, then the series simply stops: no invented points.
        var result = await Client.QueryRangeAsync("kube_node_info", fixture.EvaluationTime.AddMinutes(-10), fixture.EvaluationTime.AddMinutes(30), TimeSpan.FromMinutes(1));

        var samples = result.Series.First().Samples;
        Assert.Equal(fixture.EvaluationTime.AddMinutes(5), samples[^1].Timestamp);
        Assert.Equal(16, samples.Count);
    }

    [Fact]
    public async Task Query_GroundTruthIncidents_AreVisibleWithTheirSignals()
    {
        var crash = Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.CrashLoop);
        var oom = Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.OomKill);
        var leak = Cluster.GroundTruth.Incidents.Single(i => i.Kind == IncidentKind.MemoryLeak);

        var waiting = await Client.QueryAsync("kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"} == 1", crash.Start.AddMinutes(10));
        var restarts = await Client.QueryAsync("increase(kube_pod_container_status_restarts_total[30m]) > 3", crash.End.AddSeconds(-15));
        var oomKilled = await Client.QueryAsync("kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"}", oom.End);
        var leaking = await Client.QueryAsync("container_memory_working_set_bytes / on(pod) kube_pod_container_resource_limits{resource=\"memory\"} > 0.9", leak.End.AddSeconds(-15));
        var pressure = await Client.QueryAsync("kube_node_status_condition{condition=\"MemoryPressure\",status=\"true\"} == 1", Start.AddMinutes(100));
        var unavailable = await Client.QueryAsync("kube_deployment_status_replicas_unavailable > 0", Start.AddMinutes(95));

        Assert.Equal(crash.AffectedPods[0].Name, waiting.Series.Single().Label("pod"));
        Assert.Equal(crash.AffectedPods[0].Name, restarts.Series.Single().Label("pod"));
        Assert.Equal(oom.AffectedPods[0].Name, oomKilled.Series.Single().Label("pod"));
        Assert.Equal(leak.AffectedPods[0].Name, leaking.Series.Single().Label("pod"));
        Assert.Equal("node-001", pressure.Series.Single().Label("node"));
        Assert.Equal("payments/frontend", $"{unavailable.Series.Single().Label("namespace")}/{unavailable.Series[0].Label("deployment")}");
    }

    [Fact]
    public async Task Query_ApiServerLatencyIncident_RaisesTheP99()
    {
        const string p99 = "histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket[5m])))";

        var normal = await Client.QueryAsync(p99, Start.AddMinutes(90));
        var slow = await Client.QueryAsync(p99, Start.AddMinutes(108));

        Assert.InRange(normal.Series.Single().Samples[0].Value, 0.01, 0.6);
        Assert.True(slow.Series.Single().Samples[0].Value > 2.5, $"p99 during the incident: {slow.Series[0].Samples[0].Value}");
    }

    [Fact]
    public async Task Query_OwnerChain_JoinsPodsToTheirDeployment()
    {
        const string query = """
            count by (owner_name) (
              kube_pod_owner{owner_kind="ReplicaSet", namespace="shop"}
              * on(namespace, owner_name) group_left()
              label_replace(kube_replicaset_owner{owner_name="frontend"}, "owner_name", "$1", "replicaset", "(.*)"))
            """;

        var before = await Client.QueryAsync(query, Start.AddMinutes(29));
        var after = await Client.QueryAsync(query, Start.AddMinutes(40));

        // The rolling update replaced the ReplicaSet: its pods have other names now.
        var oldRs = Assert.Single(before.Series).Label("owner_name");
        var newRs = Assert.Single(after.Series).Label("owner_name");
        Assert.NotEqual(oldRs, newRs);
        Assert.StartsWith("frontend-", newRs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_InAWindow_ListsEveryPodThatExisted()
    {
        var from = Start.AddMinutes(20);
        var to = Start.AddMinutes(45);

        var result = await Client.SeriesAsync(["kube_pod_info{namespace=\"shop\"}"], from, to);

        var expected = Cluster.Pods.Where(p => p.Namespace == "shop" && p.From <= to && (p.To is null || p.To > from)).Select(p => p.Name).Order();
        Assert.Equal(expected, result.Items.Select(s => s["pod"]).Order());
        Assert.All(result.Items, s => Assert.Equal("kube_pod_info", s["__name__"]));
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task LabelValues_Namespaces_AreListedForTheWindow()
    {
        var result = await Client.LabelValuesAsync("namespace", ["kube_pod_info"], Start, fixture.EvaluationTime);

        Assert.Equal(["payments", "search", "shop"], result.Items);
    }

    [Fact]
    public async Task LabelValues_WithLimit_CutsWhatPrometheus242Ignores()
    {
        var result = await Client.LabelValuesAsync("pod", ["kube_pod_info"], Start, fixture.EvaluationTime, limit: 5);

        Assert.Equal(5, result.Items.Count);
        Assert.True(result.Truncated);
    }

    [Fact]
    public async Task Query_SyntaxError_IsBadDataWithTheQuery()
    {
        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => Client.QueryAsync("sum(rate(", fixture.EvaluationTime));

        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("sum(rate(", ex.Query);
        Assert.Contains("sum(rate(", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_ManyToManyMatch_IsExecutionError422()
    {
        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(
            () => Client.QueryAsync("kube_pod_info * on(namespace) kube_pod_info", fixture.EvaluationTime));

        Assert.Equal("execution", ex.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.StatusCode);
    }
}
