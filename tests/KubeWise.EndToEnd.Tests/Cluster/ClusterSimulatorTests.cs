using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.EndToEnd.Tests.Cluster;

/// <summary>
/// The simulated cluster the scenarios run on: what its exporter serves (what Prometheus scrapes) follows what is
/// written to the fake API server, on a fake clock so the behaviour over minutes is checked in milliseconds.
/// </summary>
public sealed partial class ClusterSimulatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private FakeKubernetesApiServer _kube = null!;
    private LoopbackExporter _exporter = null!;
    private ClusterSimulator _cluster = null!;

    public async Task InitializeAsync()
    {
        _kube = await FakeKubernetesApiServer.StartAsync();
        _exporter = await LoopbackExporter.StartAsync();
        // Stepped by the tests only: the loop's interval is far longer than a test.
        _cluster = ClusterSimulator.Start(_kube, _exporter, TimeSpan.FromHours(1), _time);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _exporter.DisposeAsync();
        await _kube.DisposeAsync();
    }

    [Fact]
    public async Task CrashLoop_ConfigFixedButNotRestarted_KeepsCrashingAndRestartsKeepRising()
    {
        var checkout = _cluster.AddCrashLooping("shop", "checkout", restartInterval: TimeSpan.FromSeconds(30));
        checkout.FixConfig();

        Advance(TimeSpan.FromSeconds(95));

        var metrics = await ScrapeAsync();
        Assert.Equal(2, Sum(metrics, "kube_pod_container_status_waiting_reason"));
        Assert.Equal(2 * (7 + 3), Sum(metrics, "kube_pod_container_status_restarts_total"));
        Assert.Equal(0, Sum(metrics, "kube_deployment_status_replicas_available"));
        Assert.Equal(0, checkout.Rollouts);
    }

    [Fact]
    public async Task CrashLoop_RolloutRestartAfterTheFix_NewPodsRunAndOldSeriesAreGone()
    {
        var checkout = _cluster.AddCrashLooping("shop", "checkout");
        var before = checkout.Pods.Select(p => p.Name).ToList();
        checkout.FixConfig();

        _kube.Mutate<V1Deployment>("shop", "checkout", d => d.Spec.Template.Metadata.Annotations = new Dictionary<string, string>
        {
            ["kubectl.kubernetes.io/restartedAt"] = "2026-11-26T09:00:05Z",
        });
        Advance(TimeSpan.FromSeconds(1));

        var metrics = await ScrapeAsync();
        Assert.Equal(1, checkout.Rollouts);
        Assert.Equal(0, Sum(metrics, "kube_pod_container_status_waiting_reason"));
        Assert.Equal(2, Sum(metrics, "kube_deployment_status_replicas_available"));
        Assert.All(before, pod => Assert.DoesNotContain(pod, metrics, StringComparison.Ordinal));
        Assert.Equal(checkout.Pods.Select(p => p.Name).Order(), _kube.List<V1Pod>("shop").Select(p => p.Metadata.Name).Order());
    }

    [Fact]
    public async Task CrashLoop_OnlyResourcesChanged_NewPodsCrashWithTheOldConfig()
    {
        var checkout = _cluster.AddCrashLooping("shop", "checkout");

        _kube.Mutate<V1Deployment>("shop", "checkout", d => d.Spec.Template.Spec.Containers[0].Resources.Limits["memory"] = new ResourceQuantity("512Mi"));
        Advance(TimeSpan.FromSeconds(1));

        var metrics = await ScrapeAsync();
        Assert.Equal(1, checkout.Rollouts);
        Assert.Equal(2, Sum(metrics, "kube_pod_container_status_waiting_reason"));
        Assert.Equal(2 * 512 * 1024 * 1024, Sum(metrics, "kube_pod_container_resource_limits"));
    }

    [Fact]
    public async Task Leak_MemoryGrowsUntilOomKillThenARestartDropsIt()
    {
        var cart = _cluster.AddLeaking("shop", "cart", leakMiBPerSecond: 2, firstOomIn: TimeSpan.FromSeconds(10));
        var start = Sum(await ScrapeAsync(), "container_memory_working_set_bytes");

        Advance(TimeSpan.FromSeconds(11));
        var killed = await ScrapeAsync();

        Assert.True(start > 2 * 490 * Mi, $"memory at start {start}");
        Assert.Equal(2 * 3, Sum(killed, "kube_pod_container_status_restarts_total"));
        Assert.Equal(2, Sum(killed, "kube_pod_container_status_last_terminated_reason"));
        Assert.True(Sum(killed, "container_memory_working_set_bytes") < 2 * 210 * Mi);

        Advance(TimeSpan.FromSeconds(100));
        Assert.True(Sum(await ScrapeAsync(), "container_memory_working_set_bytes") > 2 * 390 * Mi);
        _kube.Mutate<V1Deployment>("shop", "cart", d => d.Spec.Template.Metadata.Annotations = new Dictionary<string, string>
        {
            ["kubectl.kubernetes.io/restartedAt"] = "2026-11-26T09:02:00Z",
        });
        Advance(TimeSpan.FromSeconds(1));

        var restarted = await ScrapeAsync();
        Assert.Equal(1, cart.Rollouts);
        Assert.True(Sum(restarted, "container_memory_working_set_bytes") < 2 * 205 * Mi);
        Assert.Equal(0, Sum(restarted, "kube_pod_container_status_restarts_total"));
        Assert.Equal(0, Sum(restarted, "kube_pod_container_status_last_terminated_reason"));
    }

    private const double Mi = 1024 * 1024;

    /// <summary>Moves the clock in one-second steps, stepping the cluster each time, as its loop would.</summary>
    private void Advance(TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            _time.Advance(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            _cluster.Step();
        }
    }

    private async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(_exporter.Url, "/metrics"));
    }

    private static double Sum(string exposition, string metric) =>
        Sample().Matches(exposition).Where(m => m.Groups[1].Value == metric)
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^([a-z_]+)\{[^}]*\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
