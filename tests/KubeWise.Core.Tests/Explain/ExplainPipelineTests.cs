using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Explain;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Core.Scanning;
using KubeWise.Testing.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Explain;

/// <summary>
/// The explain pipeline on the production Core graph against the fake Kubernetes API server: the verdicts that need
/// live facts (HPA, rollout, opt-out), dry-run outcomes the server decides, and plans without a cluster.
/// </summary>
public sealed class ExplainPipelineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 6, 2, 9, 42, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("kubewise-explain-core-").FullName;
    private FakeKubernetesApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private ServiceProvider Services(bool cluster = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Prometheus:Url"] = "http://127.0.0.1:9" };
        if (cluster)
        {
            values["Kubernetes:Source"] = "KubeConfig";
            values["Kubernetes:KubeConfigPath"] = _server.WriteKubeConfig(Path.Combine(_root, "kubeconfig"));
        }
        else
        {
            values["Kubernetes:KubeConfigPath"] = null;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddKubeWiseCore(configuration).BuildServiceProvider();
    }

    private static ScanReport Scan(params Anomaly[] anomalies) => new()
    {
        At = At,
        Window = TimeSpan.FromMinutes(10),
        Anomalies = anomalies,
        Entities = [.. anomalies.Select(a => a.Entity).Append(EntityKey.Node("worker-1")).Append(EntityKey.Node("worker-2")).Distinct()],
    };

    private static Anomaly ReplicasUnavailable(string ns = "shop", string name = "web") => new(
        new EntityKey(EntityType.Deployment, ns, name), "ReplicasUnavailable", -0.6, AnomalySeverity.Warning,
        [new Evidence("kube_deployment_status_replicas_unavailable", "1 replica(s) unavailable of 3 desired", 1, 0, null, 1)], At);

    private async Task<IncidentExplanation> ExplainOneAsync(Anomaly anomaly, bool cluster = true)
    {
        await using var services = Services(cluster);
        var report = await services.GetRequiredService<ExplainPipeline>().ExplainAsync(Scan(anomaly), new ExplainSettings(ForceRules: true), CancellationToken.None);
        return Assert.Single(report.Incidents);
    }

    private static PlanStep Step(IncidentExplanation incident, string command) => Assert.Single(incident.Plan, s => s.Command == command);

    private void AssertReadOnly() =>
        Assert.All(_server.Requests, r => Assert.True(r.Verb is "get" or "list" || r.DryRun, $"not a read or a dry run: {r}"));

    [Fact]
    public async Task Explain_WorkloadWithoutHpa_RestartAndScaleAreAllowedAndDryRun()
    {
        K8sFixtures.DeploymentWithPod(_server);

        var incident = await ExplainOneAsync(ReplicasUnavailable());

        Assert.False(incident.Provisional);
        var scale = Step(incident, "scale_deployment name=web ns=shop replicas=4");
        Assert.Equal(PlanVerdict.Allowed, scale.Verdict);
        Assert.Equal(DryRunOutcomes.Passed, scale.DryRun!.Outcome);
        Assert.Contains("spec.replicas 3 -> 4", scale.DryRun.Notes);
        Assert.Equal(["spec.replicas"], scale.Change!.Fields);
        Assert.True(scale.Change.Reversible);
        Assert.Equal(DryRunOutcomes.Passed, Step(incident, "restart_deployment name=web ns=shop").DryRun!.Outcome);
        Assert.Equal(3, _server.Get<k8s.Models.V1Deployment>("shop", "web").Spec.Replicas);
        AssertReadOnly();
    }

    [Fact]
    public async Task Explain_HpaScaledWorkload_ScaleIsASuggestionNamingTheHpaChange()
    {
        K8sFixtures.DeploymentWithPod(_server);
        _server.Add(K8sFixtures.Hpa("shop", "web", "Deployment", "web", 2, 4));

        var incident = await ExplainOneAsync(ReplicasUnavailable());

        var scale = Step(incident, "scale_deployment name=web ns=shop replicas=4");
        Assert.Equal(PlanVerdict.SuggestionOnly, scale.Verdict);
        Assert.Contains("HorizontalPodAutoscaler web", scale.Reason, StringComparison.Ordinal);
        Assert.Contains("instead: set minReplicas of HorizontalPodAutoscaler shop/web to 4", scale.Reason, StringComparison.Ordinal);
        Assert.Null(scale.DryRun);
        Assert.DoesNotContain(_server.Requests, r => r.Subresource == "scale");
        Assert.Equal(PlanVerdict.Allowed, Step(incident, "restart_deployment name=web ns=shop").Verdict);
    }

    [Fact]
    public async Task Explain_RolloutInProgress_CommandsBecomeSuggestionsWithoutDryRun()
    {
        K8sFixtures.DeploymentWithPod(_server);
        _server.UpdateStatus<k8s.Models.V1Deployment>("shop", "web", d => d.Status.UpdatedReplicas = 1);

        var incident = await ExplainOneAsync(ReplicasUnavailable());

        var restart = Step(incident, "restart_deployment name=web ns=shop");
        Assert.Equal(PlanVerdict.SuggestionOnly, restart.Verdict);
        Assert.Contains("rollout", restart.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Null(restart.DryRun);
        Assert.DoesNotContain(_server.Requests, r => r.DryRun);
    }

    [Fact]
    public async Task Explain_NamespaceOptedOut_EveryCommandIsRejected()
    {
        _server.Add(K8sFixtures.Namespace("payments", new Dictionary<string, string> { [RemediationPolicyOptions.OptOutAnnotation] = RemediationPolicyOptions.OptOutValue }));
        var deployment = K8sObjects.Deployment("payments", "ledger");
        deployment.Status.UpdatedReplicas = 3;
        _server.Add(deployment);

        var incident = await ExplainOneAsync(ReplicasUnavailable("payments", "ledger"));

        Assert.NotEmpty(incident.Plan);
        Assert.All(incident.Plan, s =>
        {
            Assert.Equal(PlanVerdict.Rejected, s.Verdict);
            Assert.Contains(RemediationPolicyOptions.OptOutAnnotation, s.Reason, StringComparison.Ordinal);
            Assert.False(s.Provisional);
        });
        Assert.DoesNotContain(_server.Requests, r => r.DryRun);
    }

    [Fact]
    public async Task Explain_ServerRejectsTheDryRun_PlanShowsTheServersStatus()
    {
        K8sFixtures.DeploymentWithPod(_server);
        _server.FailNext(1, r => r.DryRun && r.Verb == "patch", 422);

        var incident = await ExplainOneAsync(ReplicasUnavailable());

        var failed = Assert.Single(incident.Plan, s => s.DryRun?.Outcome == DryRunOutcomes.Failed);
        Assert.Equal(PlanVerdict.Allowed, failed.Verdict);
        Assert.Contains("rejected the dry run", failed.DryRun!.Message, StringComparison.Ordinal);
        Assert.Contains("422", failed.DryRun.Message, StringComparison.Ordinal);
        AssertReadOnly();
    }

    [Fact]
    public async Task Explain_EntityMissingFromTheCluster_CommandsAreRejectedAsNotFound()
    {
        var incident = await ExplainOneAsync(ReplicasUnavailable("shop", "gone"));

        Assert.Contains("Deployment/shop/gone was not found in the cluster", incident.FactsNote, StringComparison.Ordinal);
        Assert.All(incident.Plan, s => Assert.Equal(PlanVerdict.Rejected, s.Verdict));
        Assert.DoesNotContain(_server.Requests, r => r.DryRun);
    }

    [Fact]
    public async Task Explain_WithoutCluster_VerdictsAreProvisionalAndNodeLimitsUseTheScannedNodes()
    {
        var pressure = new Anomaly(EntityKey.Node("worker-1"), "NodeMemoryPressure", -1, AnomalySeverity.Critical,
            [new Evidence("kube_node_status_condition{condition=\"MemoryPressure\"}", "MemoryPressure=True for 5 min", 1, 0, null, 1)], At);

        await using var services = Services(cluster: false);
        var report = await services.GetRequiredService<ExplainPipeline>().ExplainAsync(Scan(ReplicasUnavailable(), pressure), new ExplainSettings(ForceRules: true, UseCluster: false), CancellationToken.None);

        Assert.False(report.Cluster.Connected);
        var workload = report.Incidents.Single(i => i.Finding.Entity.Type == EntityType.Deployment);
        Assert.True(workload.Provisional);
        var restart = Step(workload, "restart_deployment name=web ns=shop");
        Assert.Equal(PlanVerdict.Allowed, restart.Verdict);
        Assert.True(restart.Provisional);
        Assert.Null(restart.DryRun);
        var node = report.Incidents.Single(i => i.Finding.Entity.Type == EntityType.Node);
        var cordon = Step(node, "cordon_node name=worker-1");
        Assert.Equal(PlanVerdict.Rejected, cordon.Verdict);
        Assert.Contains("1 of 2 nodes", cordon.Reason, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Explain_OneEntityFoundByThreeDetectors_GetsOneAnalysisAndOnePlan()
    {
        K8sFixtures.DeploymentWithPod(_server);
        var web = new EntityKey(EntityType.Deployment, "shop", "web");
        var crash = new Anomaly(web, "CrashLoopBackOff", -1, AnomalySeverity.Critical,
            [new Evidence("kube_pod_container_status_waiting_reason", "1 container(s) waiting in CrashLoopBackOff", 1, 0, null, 1)], At);
        var burst = new Anomaly(web, "RestartBurst", -0.6, AnomalySeverity.Warning,
            [new Evidence("kube_pod_container_status_restarts_total", "6 restarts in 10 min", 6, 0, null, 1)], At);

        await using var services = Services();
        var report = await services.GetRequiredService<ExplainPipeline>().ExplainAsync(Scan(crash, burst, ReplicasUnavailable()), new ExplainSettings(ForceRules: true), CancellationToken.None);

        var incident = Assert.Single(report.Incidents);
        Assert.Equal(["CrashLoopBackOff", "RestartBurst", "ReplicasUnavailable"], incident.Finding.Detectors);
        Assert.Equal(AnomalySeverity.Critical, incident.Finding.Severity);
        Assert.Equal(3, incident.Finding.Evidence.Count);
        Assert.Contains("CrashLoopBackOff", incident.Analysis.RootCause, StringComparison.Ordinal);
        // One plan: the per-entity limit (3 per hour) sees only its own commands, not two more plans for the same problem.
        Assert.Contains(incident.Plan, s => s.Verdict == PlanVerdict.Allowed);
        Assert.DoesNotContain(incident.Plan, s => s.Reason?.Contains("already hit", StringComparison.Ordinal) == true);
        AssertReadOnly();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Explain_StormLimit_CountsOnlyWhatEarlierPlansWouldApply(bool earlierDryRunsRefused)
    {
        K8sFixtures.DeploymentWithPod(_server, "shop");
        K8sFixtures.DeploymentWithPod(_server, "blog");
        if (earlierDryRunsRefused)
        {
            // The server refuses every dry run of the first entity's plan: that plan would apply nothing.
            _server.FailNext(10, r => r.DryRun && r.Namespace == "shop", 422);
        }

        var first = ReplicasUnavailable("shop", "web") with { Severity = AnomalySeverity.Critical, Score = -1 };
        await using var services = Services(settings: new Dictionary<string, string?> { ["Remediation:Policy:MaxRemediationsPerWindow"] = "2" });
        var report = await services.GetRequiredService<ExplainPipeline>().ExplainAsync(Scan(first, ReplicasUnavailable("blog", "web")), new ExplainSettings(ForceRules: true), CancellationToken.None);

        Assert.Equal(2, report.Incidents.Count);
        var earlier = report.Incidents[0];
        Assert.Equal("shop", earlier.Finding.Entity.Namespace);
        Assert.True(earlier.Plan.Count(s => s.Verdict == PlanVerdict.Allowed) >= 2, string.Join("; ", earlier.Plan.Select(s => $"{s.Command}: {s.Verdict}")));
        var later = report.Incidents[1].Plan;
        if (earlierDryRunsRefused)
        {
            Assert.All(earlier.Plan.Where(s => s.Verdict == PlanVerdict.Allowed), s => Assert.Equal(DryRunOutcomes.Failed, s.DryRun!.Outcome));
            Assert.DoesNotContain(later, s => s.Reason?.Contains("storm limit", StringComparison.Ordinal) == true);
            Assert.Contains(later, s => s.Verdict == PlanVerdict.Allowed);
        }
        else
        {
            Assert.All(later.Where(s => s.Operation is not null), s =>
            {
                Assert.Equal(PlanVerdict.Rejected, s.Verdict);
                Assert.Contains("storm limit 2", s.Reason, StringComparison.Ordinal);
            });
        }
    }
}
