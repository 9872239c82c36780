using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Mongo;
using KubeWise.Testing.Prometheus;
using MongoDB.Driver;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The storm limit with two workers, as KEDA scales them out: two Durable hosts, each with the real orchestrator and
/// activities from the app's DI, sharing one MongoDB store (<c>MONGO_URL</c>) and one cluster (the fake API server).
/// Each host runs its own incidents; together they must not pass the limit.
/// </summary>
public sealed class RemediationLimitsAcrossWorkersTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    private static object Restart(string deployment) =>
        new { operation = "restart_deployment", name = deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };

    [Fact]
    public async Task StormLimit_TwoWorkersExecutingAtTheSameMoment_OnlyOneWrites()
    {
        await using var workers = await TwoWorkersAsync(("Remediation:Policy:MaxRemediationsPerWindow", "1"));
        var (a, b) = (workers.A, workers.B);
        a.AddDeployment("api");
        a.AnswerAnalysis(Restart("api"));
        b.AnswerAnalysis(Restart(WorkflowHarness.Deployment));
        var first = await a.StartIncidentAsync("CrashLoopBackOff", "api");
        await a.WaitForStageAsync(first, RemediationStage.Paused);
        var second = await b.StartIncidentAsync("CrashLoopBackOff", WorkflowHarness.Deployment);
        await b.WaitForStageAsync(second, RemediationStage.Paused);

        // Whichever worker writes first is held until the other worker either writes too or is refused: neither has
        // recorded an attempt before that, so only a reservation taken before the write can stop the second one.
        // (Not disposed: the fake server's request threads may still be returning from Wait when the test moves on.)
        var goAhead = new ManualResetEventSlim();
        a.Kube.BeforeNext(IsDeploymentWrite, () => goAhead.Wait(TimeSpan.FromSeconds(30)));
        a.Kube.BeforeNext(IsDeploymentWrite, goAhead.Set);
        workers.Resume();
        await Task.WhenAny(
            a.WaitForEventAsync(first, e => e.RemediationAttempts.Any(x => x.Status == "failed")),
            b.WaitForEventAsync(second, e => e.RemediationAttempts.Any(x => x.Status == "failed")),
            Task.Run(() => goAhead.Wait(TimeSpan.FromSeconds(30))));
        goAhead.Set();
        await a.WaitForOutcomeAsync(first);
        await b.WaitForOutcomeAsync(second);

        var events = new[] { await a.EventAsync(first), await b.EventAsync(second) };
        Assert.Single(events, e => e.RemediationAttempts.Any(x => x.Status == "success"));
        var refused = events.Single(e => e.RemediationAttempts.All(x => x.Status != "success"));
        Assert.Contains(refused.AuditTrail, x => x.Comment?.Contains("storm limit 1", StringComparison.Ordinal) == true);
        Assert.Single(RestartedDeployments(a.Kube));
    }

    [Fact]
    public async Task StormLimit_BurstOfIncidentsOnTwoWorkers_ExecutionsTogetherStayAtTheLimit()
    {
        const int Limit = 3;
        // Starting eight incidents one after the other takes longer than the usual pause expiry.
        await using var workers = await TwoWorkersAsync(("Remediation:Policy:MaxRemediationsPerWindow", $"{Limit}"), ("Remediation:Workflow:ApprovalTimeout", "00:02:00"));
        var incidents = new List<(WorkflowHarness Worker, string Id)>();
        for (var i = 0; i < 8; i++)
        {
            var worker = i % 2 == 0 ? workers.A : workers.B;
            var name = $"app-{i}";
            workers.A.AddDeployment(name);
            worker.AnswerAnalysis(Restart(name));
            var id = await worker.StartIncidentAsync("CrashLoopBackOff", name);
            await worker.WaitForStageAsync(id, RemediationStage.Paused);
            incidents.Add((worker, id));
        }

        workers.Resume();
        foreach (var (worker, id) in incidents)
        {
            await worker.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(120));
        }

        var events = new List<AnomalyEvent>();
        foreach (var (worker, id) in incidents)
        {
            events.Add(await worker.EventAsync(id));
        }

        var executed = events.Where(e => e.RemediationAttempts.Any(x => x.Status == "success")).ToList();
        Assert.Equal(Limit, executed.Count);
        Assert.Equal(Limit, RestartedDeployments(workers.A.Kube).Count);
        Assert.All(events.Except(executed), e => Assert.Contains(e.AuditTrail, x => x.Comment?.Contains($"storm limit {Limit}", StringComparison.Ordinal) == true));
    }

    private static bool IsDeploymentWrite(RecordedRequest r) => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun;

    /// <summary>The Deployments that got a real (not dry-run) restart write, as the fake API server recorded them.</summary>
    private static IReadOnlyList<string> RestartedDeployments(FakeKubernetesApiServer kube) =>
    [
        .. kube.Writes
            .Where(w => w.Resource == "deployments" && !w.DryRun && w.StatusCode < 300 && w.Body?.Contains("kubectl.kubernetes.io/restartedAt", StringComparison.Ordinal) == true)
            .Select(w => w.Name!)
            .Distinct(),
    ];

    private async Task<TwoWorkers> TwoWorkersAsync(params (string Key, string? Value)[] settings)
    {
        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        var database = MongoTestServer.NewDatabaseName("kw_workers");
        var values = new Dictionary<string, string?>
        {
            ["Remediation:Workflow:Paused"] = "true",
            ["Mongo:ConnectionString"] = MongoTestServer.Url,
            ["Mongo:DatabaseName"] = database,
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var a = await WorkflowHarness.StartAsync(prometheus.Url, "AUTO", values);
        a.AddCluster();
        var b = await WorkflowHarness.StartAsync(prometheus.Url, "AUTO", values, cluster: a.Kube);
        await prometheus.WaitForScrapesAsync();
        return new TwoWorkers(a, b, database);
    }

    private sealed record TwoWorkers(WorkflowHarness A, WorkflowHarness B, string Database) : IAsyncDisposable
    {
        /// <summary>Lifts the pause on both workers at once: every paused incident goes to execution together.</summary>
        public void Resume()
        {
            A.Configure("Remediation:Workflow:Paused", "false");
            B.Configure("Remediation:Workflow:Paused", "false");
        }

        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
            using var client = new MongoClient(MongoTestServer.Url);
            await client.DropDatabaseAsync(Database);
        }
    }
}
