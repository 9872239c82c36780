using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Testing.Cluster;

/// <summary>
/// A Deployment that lives in the fake API server and whose kube-state-metrics and cAdvisor series follow its state.
/// Each step plays the controllers the fake does not have: a changed pod template (a rollout restart, new resources)
/// replaces the pods with new ones of a new ReplicaSet, a new replica count starts or removes pods of the current one,
/// and the Deployment's status catches up with its spec.
/// What the containers do is up to the subclass.
/// </summary>
public abstract class SimulatedDeployment
{
    public const string Image = "registry.example.com/shop/app:1.4.2";
    private string? _template;
    private long _revision = 1;
    private readonly Lock _gate = new();

    protected SimulatedDeployment(FakeKubernetesApiServer kube, string ns, string name, int replicas, string container, string memoryLimit)
    {
        Kube = kube;
        Namespace = ns;
        Name = name;
        Replicas = replicas;
        Container = container;
        MemoryLimit = memoryLimit;
    }

    protected FakeKubernetesApiServer Kube { get; }

    public string Namespace { get; }

    public string Name { get; }

    public string Container { get; }

    protected int Replicas { get; }

    protected string MemoryLimit { get; }

    /// <summary>The entity key KubeWise uses for it: <c>deployment/ns/name</c>.</summary>
    public string Entity => $"deployment/{Namespace}/{Name}";

    /// <summary>Rollouts after the first one: pod template changes the controller acted on.</summary>
    public int Rollouts { get; private set; }

    /// <summary>The current ReplicaSet's pod-template-hash.</summary>
    public string TemplateHash { get; private set; } = "";

    public IReadOnlyList<SimulatedPod> Pods
    {
        get
        {
            lock (_gate)
            {
                return [.. CurrentPods];
            }
        }
    }

    protected List<SimulatedPod> CurrentPods { get; } = [];

    /// <summary>Creates the Deployment (and what it needs) in the fake API server, and its first ReplicaSet and pods.</summary>
    internal void Seed(DateTimeOffset now)
    {
        if (Kube.Find<V1Namespace>(null, Namespace) is null)
        {
            Kube.Add(K8sFixtures.Namespace(Namespace));
        }

        SeedDependencies();
        var d = K8sObjects.Deployment(Namespace, Name, Replicas, Image, Container, revision: 1);
        var app = d.Spec.Template.Spec.Containers[0];
        app.Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new(MemoryLimit) },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new(MemoryLimit) },
        };
        Shape(d);
        d.Status.UpdatedReplicas = d.Spec.Replicas;
        d.Status.AvailableReplicas = d.Spec.Replicas;
        var created = Kube.Add(d);
        Roll(created, now, first: true);
    }

    /// <summary>Objects the Deployment refers to (a ConfigMap…), created before it.</summary>
    protected virtual void SeedDependencies()
    {
    }

    /// <summary>Adds what this kind of workload has to the Deployment before it is created.</summary>
    protected virtual void Shape(V1Deployment deployment)
    {
    }

    internal void Step(DateTimeOffset now, SeriesSet series)
    {
        var d = Kube.Find<V1Deployment>(Namespace, Name);
        if (d is null)
        {
            return;
        }

        lock (_gate)
        {
            if (KubernetesJson.Serialize(d.Spec.Template) != _template)
            {
                Roll(d, now, first: false);
            }
            else if (CurrentPods.Count != (d.Spec.Replicas ?? 1))
            {
                Scale(d, now);
            }

            foreach (var pod in CurrentPods)
            {
                Live(pod, d, now);
            }
        }

        CatchUpStatus(d);
        Publish(d, series);
    }

    /// <summary>A new pod of the current template was just created.</summary>
    protected abstract void Start(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now);

    /// <summary>Advances a pod's container to <paramref name="now"/>.</summary>
    protected abstract void Live(SimulatedPod pod, V1Deployment deployment, DateTimeOffset now);

    private void Roll(V1Deployment d, DateTimeOffset now, bool first)
    {
        _template = KubernetesJson.Serialize(d.Spec.Template);
        TemplateHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_template)))[..10];
        foreach (var old in CurrentPods)
        {
            Kube.Remove<V1Pod>(Namespace, old.Name);
        }

        CurrentPods.Clear();
        if (!first)
        {
            Rollouts++;
            _revision++;
        }

        // Back to an earlier template (a rollback): the controller scales its old ReplicaSet up again.
        var rs = Kube.Find<V1ReplicaSet>(Namespace, $"{Name}-{TemplateHash}");
        if (rs is null)
        {
            rs = K8sObjects.ReplicaSet(d, _revision, Image, TemplateHash);
            rs.Spec.Replicas = d.Spec.Replicas;
            rs.Spec.Template = d.Spec.Template;
            rs = Kube.Add(rs);
        }

        for (var i = 0; i < (d.Spec.Replicas ?? 1); i++)
        {
            AddPod(d, rs, i, now);
        }
    }

    /// <summary>
    /// The ReplicaSet controller after a scale (the template unchanged): new pods of the current template are started,
    /// or the newest ones are removed, until the pods match the replica count.
    /// </summary>
    private void Scale(V1Deployment d, DateTimeOffset now)
    {
        var replicas = d.Spec.Replicas ?? 1;
        var rs = Kube.Mutate<V1ReplicaSet>(Namespace, $"{Name}-{TemplateHash}", r => r.Spec.Replicas = replicas);
        while (CurrentPods.Count > replicas)
        {
            var last = CurrentPods[^1];
            Kube.Remove<V1Pod>(Namespace, last.Name);
            CurrentPods.RemoveAt(CurrentPods.Count - 1);
        }

        for (var i = CurrentPods.Count; i < replicas; i++)
        {
            AddPod(d, rs, i, now);
        }
    }

    private void AddPod(V1Deployment d, V1ReplicaSet rs, int index, DateTimeOffset now)
    {
        var name = $"{rs.Metadata.Name}-{Suffix(index)}";
        Kube.Add(K8sObjects.Pod(Namespace, name, $"worker-{(index % 2) + 1}",
            K8sObjects.Owner("apps/v1", "ReplicaSet", rs.Metadata.Name, rs.Metadata.Uid),
            new Dictionary<string, string>(d.Spec.Selector.MatchLabels) { ["pod-template-hash"] = TemplateHash }));
        var pod = new SimulatedPod(name, now);
        Start(pod, d, now);
        CurrentPods.Add(pod);
    }

    private string Suffix(int i) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{TemplateHash}/{Rollouts}/{i}")))[..5];

    /// <summary>The deployment controller: the status catches up with the spec; crash-looping pods are not available.</summary>
    private void CatchUpStatus(V1Deployment d)
    {
        var available = Pods.Count(p => !p.CrashLooping);
        if (d.Status.ObservedGeneration != d.Metadata.Generation || d.Status.Replicas != d.Spec.Replicas
            || d.Status.UpdatedReplicas != d.Spec.Replicas || (d.Status.AvailableReplicas ?? 0) != available)
        {
            Kube.UpdateStatus<V1Deployment>(Namespace, Name, s =>
            {
                s.Status.ObservedGeneration = s.Metadata.Generation;
                s.Status.Replicas = s.Status.UpdatedReplicas = s.Spec.Replicas;
                s.Status.ReadyReplicas = s.Status.AvailableReplicas = available;
                s.Status.UnavailableReplicas = (s.Spec.Replicas ?? 0) - available;
            });
        }
    }

    private void Publish(V1Deployment d, SeriesSet series)
    {
        var ns = ("namespace", Namespace);
        var deployment = ("deployment", Name);
        var rs = $"{Name}-{TemplateHash}";
        var pods = Pods;
        var available = pods.Count(p => !p.CrashLooping);
        series.Set("kube_replicaset_owner", 1, ns, ("replicaset", rs), ("owner_kind", "Deployment"), ("owner_name", Name), ("owner_is_controller", "true"));
        series.Set("kube_deployment_spec_replicas", d.Spec.Replicas ?? 0, ns, deployment);
        series.Set("kube_deployment_status_replicas_available", available, ns, deployment);
        series.Set("kube_deployment_status_replicas_unavailable", (d.Spec.Replicas ?? 0) - available, ns, deployment);
        series.Set("kube_deployment_metadata_generation", d.Metadata.Generation ?? 1, ns, deployment);
        series.Set("kube_deployment_status_observed_generation", d.Metadata.Generation ?? 1, ns, deployment);
        var limit = MemoryLimitBytes(d);
        foreach (var pod in pods)
        {
            var p = ("pod", pod.Name);
            var c = ("container", Container);
            series.Set("kube_pod_owner", 1, ns, p, ("owner_kind", "ReplicaSet"), ("owner_name", rs), ("owner_is_controller", "true"));
            series.Set("kube_pod_container_status_restarts_total", pod.Restarts, ns, p, c);
            series.Set("kube_pod_container_status_waiting_reason", pod.CrashLooping ? 1 : 0, ns, p, c, ("reason", "CrashLoopBackOff"));
            if (pod.LastTerminatedOomKilled)
            {
                series.Set("kube_pod_container_status_last_terminated_reason", 1, ns, p, c, ("reason", "OOMKilled"));
            }

            if (limit is { } bytes)
            {
                series.Set("kube_pod_container_resource_limits", bytes, ns, p, c, ("resource", "memory"), ("unit", "byte"));
            }

            series.Set("container_memory_working_set_bytes", pod.MemoryBytes, ns, p, c);
        }
    }

    /// <summary>The container's memory limit in the Deployment's current template, in bytes.</summary>
    protected double? MemoryLimitBytes(V1Deployment d) =>
        d.Spec.Template.Spec.Containers.FirstOrDefault(c => c.Name == Container)?.Resources?.Limits is { } limits
        && limits.TryGetValue("memory", out var q) ? (double)q.ToDecimal() : null;
}
