using k8s.Models;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Testing.Cluster;

/// <summary>
/// A Deployment whose container reads <c>PAYMENT_API_URL</c> from its ConfigMap when it starts and crashes on a bad one.
/// A pod started with the broken value crash-loops for good (its restarts keep rising); fixing the ConfigMap changes
/// nothing for running pods, exactly as in a cluster: only pods started afterwards (a rollout restart) come up healthy.
/// Changing the resources alone rolls the pods too, but with the same broken configuration.
/// </summary>
public sealed class CrashLoopingDeployment : SimulatedDeployment
{
    public const string ConfigKey = "PAYMENT_API_URL";
    public const string BrokenValue = "http://payments.invalid:80";
    public const string FixedValue = "https://payments.shop.svc:8443";

    internal CrashLoopingDeployment(FakeKubernetesApiServer kube, string ns, string name, int replicas, TimeSpan restartInterval, int initialRestarts)
        : base(kube, ns, name, replicas, "app", "256Mi")
    {
        RestartInterval = restartInterval;
        InitialRestarts = initialRestarts;
    }

    public string ConfigMapName => $"{Name}-config";

    /// <summary>How often a crash-looping container restarts (the kubelet's back-off, at its cap).</summary>
    public TimeSpan RestartInterval { get; }

    private int InitialRestarts { get; }

    private bool _started;

    /// <summary>The team ships the fixed value into the ConfigMap (<c>kubectl apply</c>); running pods keep the old one.</summary>
    public void FixConfig() =>
        Kube.Mutate<V1ConfigMap>(Namespace, ConfigMapName, c => c.Data[ConfigKey] = FixedValue);

    protected override void SeedDependencies() => Kube.Add(new V1ConfigMap
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = ConfigMapName, NamespaceProperty = Namespace },
        Data = new Dictionary<string, string> { [ConfigKey] = BrokenValue },
    });

    protected override void Shape(V1Deployment deployment) =>
        deployment.Spec.Template.Spec.Containers[0].EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = ConfigMapName } }];

    protected override void Start(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now)
    {
        var data = Kube.Get<V1ConfigMap>(Namespace, ConfigMapName).Data;
        var config = data is not null && data.TryGetValue(ConfigKey, out var value) ? value : null;
        pod.CrashLooping = config != FixedValue;
        // The first pods have been crash-looping for a while when the scenario starts.
        pod.Restarts = pod.CrashLooping && !_started ? InitialRestarts : 0;
        pod.MemoryBytes = pod.CrashLooping ? 38 * Mi : 182 * Mi;
    }

    protected override void Live(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now)
    {
        _started = true;
        if (pod.CrashLooping && now - pod.ContainerStartedAt >= RestartInterval)
        {
            pod.Restarts++;
            pod.ContainerStartedAt = now;
        }
    }

    private const double Mi = 1024 * 1024;
}
