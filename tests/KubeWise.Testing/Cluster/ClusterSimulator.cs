using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Testing.Cluster;

/// <summary>
/// A small cluster for end-to-end tests: Deployments kept in the <see cref="FakeKubernetesApiServer"/>, whose metrics a
/// <see cref="LoopbackExporter"/> serves to a real Prometheus. Every <see cref="Interval"/> it reads each Deployment
/// from the API server, plays the controllers and kubelets (a changed pod template replaces the pods; containers crash,
/// leak and get OOM-killed) and serves the resulting kube-state-metrics and cAdvisor series. So what KubeWise writes
/// through the Kubernetes API is what changes the metrics it later verifies: nothing in a test flips them by hand.
/// </summary>
public sealed class ClusterSimulator : IAsyncDisposable
{
    private readonly FakeKubernetesApiServer _kube;
    private readonly LoopbackExporter _exporter;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<SimulatedDeployment> _deployments = [];
    private readonly Dictionary<SimulatedDeployment, SeriesSet> _served = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private ClusterSimulator(FakeKubernetesApiServer kube, LoopbackExporter exporter, TimeProvider time, TimeSpan interval)
    {
        _kube = kube;
        _exporter = exporter;
        _time = time;
        Interval = interval;
        _loop = RunAsync(_stopping.Token);
    }

    public TimeSpan Interval { get; }

    /// <summary>Starts stepping every <paramref name="interval"/> (default 200 ms).</summary>
    public static ClusterSimulator Start(FakeKubernetesApiServer kube, LoopbackExporter exporter, TimeSpan? interval = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(kube);
        ArgumentNullException.ThrowIfNull(exporter);
        kube.Add(K8sObjects.Node("worker-1"));
        kube.Add(K8sObjects.Node("worker-2"));
        return new ClusterSimulator(kube, exporter, time ?? TimeProvider.System, interval ?? TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// A Deployment crash-looping on a broken ConfigMap value (see <see cref="CrashLoopingDeployment"/>). Its restarts
    /// rise by one per pod every <paramref name="restartInterval"/> (default 60 s, the kubelet's back-off cap in spirit).
    /// </summary>
    public CrashLoopingDeployment AddCrashLooping(string ns, string name, int replicas = 2, TimeSpan? restartInterval = null, int initialRestarts = 7) =>
        Add(new CrashLoopingDeployment(_kube, ns, name, replicas, restartInterval ?? TimeSpan.FromSeconds(60), initialRestarts));

    /// <summary>A Deployment leaking memory (see <see cref="LeakingDeployment"/>); the first OOM kill comes after <paramref name="firstOomIn"/>.</summary>
    public LeakingDeployment AddLeaking(string ns, string name, int replicas = 2, double leakMiBPerSecond = 1.5, TimeSpan? firstOomIn = null) =>
        Add(new LeakingDeployment(_kube, ns, name, replicas, leakMiBPerSecond, firstOomIn ?? TimeSpan.FromSeconds(3)));

    private T Add<T>(T deployment)
        where T : SimulatedDeployment
    {
        lock (_gate)
        {
            deployment.Seed(_time.GetUtcNow());
            _deployments.Add(deployment);
        }

        Step();
        return deployment;
    }

    /// <summary>One step now (the loop does this every <see cref="Interval"/>).</summary>
    public void Step()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var deployment in _deployments)
            {
                var series = new SeriesSet();
                deployment.Step(now, series);
                series.PublishTo(_exporter, _served.GetValueOrDefault(deployment));
                _served[deployment] = series;
            }
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                Step();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Stops stepping and withdraws every series it served (Prometheus marks them stale).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
        lock (_gate)
        {
            foreach (var series in _served.Values)
            {
                series.RemoveFrom(_exporter);
            }
        }
    }
}
