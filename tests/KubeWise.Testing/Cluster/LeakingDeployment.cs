using k8s.Models;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Testing.Cluster;

/// <summary>
/// A Deployment whose container leaks memory: its working set grows steadily from a baseline until it reaches the
/// memory limit, the kernel OOM-kills it (restarts + 1, last terminated reason OOMKilled) and it starts over.
/// The first pods were OOM-killed before and are close to the limit again when the scenario starts; pods of a rollout restart start from the baseline,
/// so their memory drops and no OOM kill follows for <c>(limit − baseline) / leak rate</c>.
/// </summary>
public sealed class LeakingDeployment : SimulatedDeployment
{
    private const double Mi = 1024 * 1024;
    private bool _started;

    internal LeakingDeployment(FakeKubernetesApiServer kube, string ns, string name, int replicas, double leakMiBPerSecond, TimeSpan firstOomIn)
        : base(kube, ns, name, replicas, "app", "512Mi")
    {
        LeakBytesPerSecond = leakMiBPerSecond * Mi;
        FirstOomIn = firstOomIn;
    }

    public const double BaselineBytes = 200 * Mi;

    public double LeakBytesPerSecond { get; }

    private TimeSpan FirstOomIn { get; }

    protected override void Start(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now)
    {
        var limit = MemoryLimitBytes(deployment) ?? 512 * Mi;
        if (!_started)
        {
            // It has been OOM-killed before, and the next kill comes FirstOomIn after the scenario starts.
            pod.ContainerStartedAt = now - TimeSpan.FromSeconds((limit - BaselineBytes) / LeakBytesPerSecond) + FirstOomIn;
            pod.Restarts = 2;
            pod.LastTerminatedOomKilled = true;
        }

        pod.MemoryBytes = Memory(pod, now);
    }

    protected override void Live(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now)
    {
        _started = true;
        var limit = MemoryLimitBytes(deployment) ?? 512 * Mi;
        if (Memory(pod, now) >= limit)
        {
            pod.Restarts++;
            pod.LastTerminatedOomKilled = true;
            pod.ContainerStartedAt = now;
        }

        pod.MemoryBytes = Memory(pod, now);
    }

    private double Memory(SimulatedPod pod, DateTimeOffset now) =>
        BaselineBytes + (LeakBytesPerSecond * Math.Max(0, (now - pod.ContainerStartedAt).TotalSeconds));
}
