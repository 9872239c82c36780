namespace KubeWise.Testing.Prometheus.Synthetic;

/// <summary>
/// The scenario the history fixture serves: namespaces shop, payments, search; deployments frontend, checkout, api (2 replicas);
/// nodes node-000..002; 2025-06-02 08:00–10:00 UTC at 15 s. Every incident kind once, every benign event once.
/// </summary>
public static class DefaultScenario
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset End = Start.AddHours(2);

    public static SyntheticClusterBuilder Builder(int seed = 42) =>
        new SyntheticClusterBuilder(seed)
            .WithShape(namespaces: 3, deploymentsPerNamespace: 3, replicas: 2, nodes: 3)
            .Between(Start, End, TimeSpan.FromSeconds(15))
            .WithAlwaysBusy("shop", "api")
            .WithRollingUpdate("shop", "frontend", Start.AddMinutes(30))
            .WithHpaScaleOut("search", "api", Start.AddMinutes(40), extraReplicas: 2)
            .WithNewNode(Start.AddMinutes(45))
            .WithCronJobBurst("search", "reindex", Start.AddMinutes(50), TimeSpan.FromMinutes(5))
            .WithIncident(IncidentKind.CpuSaturation, EntityRef.Deployment("shop", "checkout"), Start.AddMinutes(60), TimeSpan.FromMinutes(20))
            .WithIncident(IncidentKind.MemoryLeak, EntityRef.Deployment("payments", "checkout"), Start.AddMinutes(60), TimeSpan.FromMinutes(40))
            .WithIncident(IncidentKind.CrashLoop, EntityRef.Deployment("payments", "api"), Start.AddMinutes(70), TimeSpan.FromMinutes(30))
            .WithIncident(IncidentKind.OomKill, EntityRef.Deployment("search", "frontend"), Start.AddMinutes(80), TimeSpan.FromMinutes(20))
            .WithIncident(IncidentKind.ReplicasUnavailable, EntityRef.Deployment("payments", "frontend"), Start.AddMinutes(90), TimeSpan.FromMinutes(15))
            .WithIncident(IncidentKind.NodeMemoryPressure, EntityRef.Node("node-001"), Start.AddMinutes(95), TimeSpan.FromMinutes(10))
            .WithIncident(IncidentKind.ApiServerLatency, EntityRef.ApiServer, Start.AddMinutes(100), TimeSpan.FromMinutes(10));

    public static SyntheticCluster Build(int seed = 42) => Builder(seed).Build();
}
