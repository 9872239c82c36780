namespace KubeWise.Testing.Cluster;

/// <summary>One pod of a simulated Deployment: what its container has done since the pod was created.</summary>
public sealed class SimulatedPod(string name, DateTimeOffset createdAt)
{
    public string Name { get; } = name;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>When the container last (re)started.</summary>
    public DateTimeOffset ContainerStartedAt { get; set; } = createdAt;

    /// <summary><c>kube_pod_container_status_restarts_total</c>.</summary>
    public int Restarts { get; set; }

    /// <summary>Waiting in CrashLoopBackOff right now.</summary>
    public bool CrashLooping { get; set; }

    /// <summary>The last termination was an OOM kill.</summary>
    public bool LastTerminatedOomKilled { get; set; }

    /// <summary><c>container_memory_working_set_bytes</c>.</summary>
    public double MemoryBytes { get; set; }
}
