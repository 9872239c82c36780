using System.Text.Json;
using KubeWise.Testing.Gemini;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// <c>kubewise scan --explain</c> end to end: a real Prometheus serving the synthetic scenario, the fake Gemini server and
/// the fake Kubernetes API server. Whatever the analyzer proposes, only reads and dry runs reach the cluster.
/// </summary>
[Collection(ExplainCollection.Name)]
public sealed class ScanExplainTests(ExplainWorld world)
{
    private const string DuringIncidents = "2025-06-02T09:32:00Z";
    private const string NodeAndReplicaIncidents = "2025-06-02T09:42:00Z";

    private static readonly Dictionary<string, string?> NoEnvironment = [];

    private Dictionary<string, string?> WithKey => new() { ["GEMINI_API_KEY"] = ExplainWorld.ApiKey };

    private string[] Explain(string at, params string[] more) =>
        ["scan", "--prometheus", world.Prometheus, "--at", at, "--model", world.ModelPath, "--explain", .. more];

    private static List<JsonElement> Anomalies(string output) =>
        JsonDocument.Parse(output).RootElement.GetProperty("anomalies").EnumerateArray().ToList();

    private static JsonElement Incident(List<JsonElement> anomalies, string entity, string detector) =>
        Assert.Single(anomalies, a => a.GetProperty("entity").GetString() == entity && a.GetProperty("detector").GetString() == detector);

    private static List<JsonElement> Plan(JsonElement incident) => incident.GetProperty("plan").EnumerateArray().ToList();

    private static JsonElement Step(JsonElement incident, string command) =>
        Assert.Single(Plan(incident), s => s.GetProperty("command").GetString() == command);

    [Fact]
    public async Task Explain_HealthyCluster_SaysNothingToExplainAndTouchesNothing()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;
        await using var gemini = await ExplainWorld.StartGeminiAsync();

        var (code, output, error) = await ExplainWorld.RunAsync(WithKey, Explain("2025-06-02T08:25:00Z", "--kubeconfig", kubeConfig, "--gemini-endpoint", gemini.BaseAddress.ToString()));

        Assert.True(code == 0, output + error);
        Assert.Contains("0 anomalous entities", output, StringComparison.Ordinal);
        Assert.Contains("No anomalies: all 13 entities look healthy. Nothing to explain.", output, StringComparison.Ordinal);
        Assert.Empty(gemini.Requests);
        Assert.Empty(server.Writes);
    }

    [Fact]
    public async Task Explain_IncidentsWithCluster_EachGetsASensiblePlanDryRunOnTheServer()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--kubeconfig", kubeConfig, "--no-llm", "--output", "json"));

        Assert.True(code == 3, output + error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("cluster").GetProperty("connected").GetBoolean());
        var anomalies = Anomalies(output);

        var crash = Incident(anomalies, "deployment/payments/api", "CrashLoopBackOff");
        var analysis = crash.GetProperty("analysis");
        Assert.Equal("rules", analysis.GetProperty("analyzer").GetString());
        Assert.Contains("--no-llm", analysis.GetProperty("fallback_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("CrashLoopBackOff", analysis.GetProperty("root_cause").GetString(), StringComparison.Ordinal);
        Assert.Equal("HIGH", analysis.GetProperty("severity").GetString());
        Assert.False(crash.GetProperty("facts").GetProperty("provisional").GetBoolean());
        var restart = Step(crash, "restart_deployment name=api ns=payments");
        Assert.Equal("allowed", restart.GetProperty("verdict").GetString());
        Assert.Equal("Deployment/payments/api", restart.GetProperty("change").GetProperty("target").GetString());
        Assert.Equal("spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]", restart.GetProperty("change").GetProperty("fields")[0].GetString());
        Assert.Equal("passed", restart.GetProperty("dry_run").GetProperty("outcome").GetString());
        var rollback = Step(crash, "rollback_deployment name=api ns=payments");
        Assert.Equal("passed", rollback.GetProperty("dry_run").GetProperty("outcome").GetString());
        Assert.True(rollback.GetProperty("change").GetProperty("reversible").GetBoolean());

        var oom = Incident(anomalies, "deployment/search/frontend", "OOMKilled");
        var raise = Step(oom, "set_resources name=frontend ns=search container=app memory_limit=320Mi");
        Assert.Equal("allowed", raise.GetProperty("verdict").GetString());
        Assert.Equal("spec.template.spec.containers[name=app].resources.limits.memory", raise.GetProperty("change").GetProperty("fields")[0].GetString());
        Assert.Equal("passed", raise.GetProperty("dry_run").GetProperty("outcome").GetString());

        var leak = Incident(anomalies, "deployment/payments/checkout", "MemoryNearLimit");
        Assert.Contains("Memory", leak.GetProperty("analysis").GetProperty("root_cause").GetString(), StringComparison.Ordinal);
        Assert.Equal("passed", Step(leak, "set_resources name=checkout ns=payments container=app memory_limit=320Mi").GetProperty("dry_run").GetProperty("outcome").GetString());

        // One analysis and one plan per entity, however many detectors fired for it; no plan is refused by a limit that
        // another plan of this read-only run would have "used".
        Assert.Equal(anomalies.Count, anomalies.Select(a => a.GetProperty("entity").GetString()).Distinct().Count());
        Assert.DoesNotContain(anomalies.SelectMany(Plan), s => s.GetProperty("reason").GetString()?.Contains("already hit", StringComparison.Ordinal) == true);

        ExplainWorld.AssertReadOnly(server);
        Assert.Contains(server.Requests, r => r.DryRun && r.Verb == "patch" && r.Name == "api");
        var live = ExplainWorld.Deployment(server, "search", "frontend");
        Assert.Equal("256Mi", live.Spec.Template.Spec.Containers[0].Resources.Limits["memory"].ToString());
        Assert.Null(live.Spec.Template.Metadata.Annotations);
    }

    [Fact]
    public async Task Explain_NodePressureAndUnavailableReplicas_ScaleDryRunsAndSmallClusterKeepsItsNodes()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(NodeAndReplicaIncidents, "--kubeconfig", kubeConfig, "--no-llm", "--output", "json"));

        Assert.True(code == 3, output + error);
        var anomalies = Anomalies(output);
        var replicas = Incident(anomalies, "deployment/payments/frontend", "ReplicasUnavailable");
        var scale = Step(replicas, "scale_deployment name=frontend ns=payments replicas=3");
        Assert.Equal("allowed", scale.GetProperty("verdict").GetString());
        var dry = scale.GetProperty("dry_run");
        Assert.Equal("passed", dry.GetProperty("outcome").GetString());
        Assert.Contains("spec.replicas 2 -> 3", dry.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));

        var node = Incident(anomalies, "node/node-001", "NodeMemoryPressure");
        var cordon = Step(node, "cordon_node name=node-001");
        Assert.Equal("rejected", cordon.GetProperty("verdict").GetString());
        Assert.Contains("above the 20% limit", cordon.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, cordon.GetProperty("dry_run").ValueKind);
        Assert.Contains(node.GetProperty("analysis").GetProperty("suggestions").EnumerateArray(), s => s.GetString()!.Contains("drain_node name=node-001", StringComparison.Ordinal));

        var latency = Incident(anomalies, "controlplane/apiserver", "ApiServerLatency");
        Assert.Empty(Plan(latency));

        ExplainWorld.AssertReadOnly(server);
        Assert.Equal(2, ExplainWorld.Deployment(server, "payments", "frontend").Spec.Replicas);
    }

    [Fact]
    public async Task Explain_ModelProposesForbiddenCommands_TheyAreRejectedWithReasonsAndNeverSent()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;
        var answer = new
        {
            root_cause = "Maintenance requested by the cluster operator.",
            severity = "CRITICAL",
            description = "Following the instructions found in the pod annotations.",
            confidence = 0.9,
            commands = new object[]
            {
                new { operation = "drain_node", name = "node-000" },
                new { operation = "delete_namespace", name = "payments" },
                new { operation = "scale_deployment", name = "frontend", ns = "shop", replicas = 0 },
                new { operation = "restart_deployment", name = "coredns", ns = "kube-system" },
                new { operation = "set_resources", name = "checkout", ns = "payments", container = "app", memory_limit = "1Mi" },
                new { operation = "restart_deployment", name = "checkout", ns = "payments" },
            },
        };
        await using var gemini = await ExplainWorld.StartGeminiAsync();
        for (var i = 0; i < 3; i++)
        {
            gemini.Enqueue(FakeGeminiReply.Json(answer, promptTokens: 900, answerTokens: 100));
        }

        var (code, output, error) = await ExplainWorld.RunAsync(WithKey, Explain(DuringIncidents, "--namespace", "payments", "--kubeconfig", kubeConfig, "--gemini-endpoint", gemini.BaseAddress.ToString(), "--output", "json"));

        Assert.True(code == 3, output + error);
        var anomalies = Anomalies(output);
        Assert.Equal(anomalies.Count, gemini.Requests.Count);
        Assert.All(gemini.Requests, r => Assert.Equal(ExplainWorld.ApiKey, r.Headers["x-goog-api-key"]));
        var checkout = Incident(anomalies, "deployment/payments/checkout", "MemoryNearLimit");
        Assert.Equal("gemini", checkout.GetProperty("analysis").GetProperty("analyzer").GetString());
        Assert.Equal(1000, checkout.GetProperty("analysis").GetProperty("tokens").GetProperty("total").GetInt32());

        foreach (var incident in anomalies)
        {
            var plan = Plan(incident);
            string[] forbidden = ["drain_node name=node-000", "delete_namespace name=payments", "scale_deployment name=frontend ns=shop replicas=0",
                "restart_deployment name=coredns ns=kube-system", "set_resources name=checkout ns=payments container=app memory_limit=1Mi"];
            foreach (var command in forbidden)
            {
                var step = Assert.Single(plan, s => s.GetProperty("command").GetString()!.StartsWith(command, StringComparison.Ordinal));
                Assert.Equal("rejected", step.GetProperty("verdict").GetString());
                Assert.False(string.IsNullOrWhiteSpace(step.GetProperty("reason").GetString()));
                Assert.Equal(JsonValueKind.Null, step.GetProperty("dry_run").ValueKind);
            }
        }

        Assert.Contains("not an operation KubeWise can run", Step(checkout, "delete_namespace name=payments").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("kube-system", Step(checkout, "restart_deployment name=coredns ns=kube-system").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("outside the anomaly's scope", Step(checkout, "scale_deployment name=frontend ns=shop replicas=0").GetProperty("reason").GetString(), StringComparison.Ordinal);
        var own = Step(checkout, "restart_deployment name=checkout ns=payments");
        Assert.Equal("allowed", own.GetProperty("verdict").GetString());
        Assert.Equal("passed", own.GetProperty("dry_run").GetProperty("outcome").GetString());

        ExplainWorld.AssertReadOnly(server);
        Assert.DoesNotContain(server.Requests, r => r.Namespace is "kube-system" or "shop" || r.Resource == "namespaces" && r.Verb != "get");
        Assert.DoesNotContain(server.Requests, r => r.Resource == "nodes" && r.Verb != "list");
        var tokens = JsonDocument.Parse(output).RootElement.GetProperty("tokens");
        Assert.Equal(1000 * anomalies.Count, tokens.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Explain_NoCluster_VerdictsAreProvisionalAndNothingIsDryRun()
    {
        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--no-llm"));

        Assert.True(code == 3, output + error);
        Assert.Contains("Cluster: none (No Kubernetes cluster is configured.", output, StringComparison.Ordinal);
        Assert.Contains("Verdicts marked provisional were reached without live facts", output, StringComparison.Ordinal);
        Assert.Matches(@"ALLOWED \(provisional\)\s+restart_deployment name=api ns=payments", output);
        Assert.Contains("dry run: not run (no cluster)", output, StringComparison.Ordinal);
        Assert.Contains("Facts: no cluster; GitOps labels, opt-out annotations, HPA, PodDisruptionBudgets, rollout state and owner chain were not read and are assumed absent", output, StringComparison.Ordinal);
        Assert.DoesNotContain("dry run: passed", output, StringComparison.Ordinal);
        Assert.Contains("No model was asked: the rule analyzer answered, no tokens were used.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Tokens", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NoCluster_LimitsAndReplicasComeFromPrometheus()
    {
        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--no-llm", "--output", "json"));

        Assert.True(code == 3, output + error);
        var anomalies = Anomalies(output);
        var oom = Incident(anomalies, "deployment/search/frontend", "OOMKilled");
        // The limit kube-state-metrics reports for the scenario's search/frontend, raised by the default 25 %.
        var limit = world.Cluster.Deployments.Single(d => d.Namespace == "search" && d.Name == "frontend").MemoryLimitBytes / (1024 * 1024);
        var raised = (long)Math.Ceiling(limit * 1.25);
        var description = oom.GetProperty("analysis").GetProperty("description").GetString()!;
        Assert.DoesNotContain("limit is unknown", description, StringComparison.Ordinal);
        Assert.True(description.Contains($"({limit}Mi → {raised}Mi)", StringComparison.Ordinal), description);
        var raise = Step(oom, $"set_resources name=frontend ns=search container=frontend memory_limit={raised}Mi");
        Assert.True(raise.GetProperty("verdict").GetString() == "allowed", raise.ToString());
        Assert.True(raise.GetProperty("provisional").GetBoolean());
        Assert.Contains("limits, requests and replica counts from Prometheus (kube-state-metrics)", oom.GetProperty("facts").GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NoKey_RulesAnswerAndSayWhy()
    {
        await using var gemini = await ExplainWorld.StartGeminiAsync();

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--gemini-endpoint", gemini.BaseAddress.ToString()));

        Assert.True(code == 3, output + error);
        Assert.Contains("Analysis by rules (GEMINI_API_KEY is not set.): HIGH, confidence 0.70", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Analysis by Gemini", output, StringComparison.Ordinal);
        Assert.Empty(gemini.Requests);
    }

    [Fact]
    public async Task Explain_GeminiOutage_RulesAnswerWithTheFailure()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;
        await using var gemini = await ExplainWorld.StartGeminiAsync();
        for (var i = 0; i < 6; i++)
        {
            gemini.Enqueue(FakeGeminiReply.Unavailable());
        }

        var (code, output, error) = await ExplainWorld.RunAsync(WithKey, Explain(DuringIncidents, "--kubeconfig", kubeConfig, "--gemini-endpoint", gemini.BaseAddress.ToString(), "--output", "json"));

        Assert.True(code == 3, output + error);
        var crash = Incident(Anomalies(output), "deployment/payments/api", "CrashLoopBackOff");
        var analysis = crash.GetProperty("analysis");
        Assert.Equal("rules", analysis.GetProperty("analyzer").GetString());
        Assert.Contains("Gemini failed", analysis.GetProperty("fallback_reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("503", analysis.GetProperty("fallback_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("passed", Step(crash, "restart_deployment name=api ns=payments").GetProperty("dry_run").GetProperty("outcome").GetString());
        ExplainWorld.AssertReadOnly(server);

        // The first failure answers for the run: the other anomalies do not wait out the outage again.
        var anomalies = Anomalies(output);
        Assert.True(anomalies.Count > 1);
        Assert.Single(gemini.Requests);
        Assert.All(anomalies, a => Assert.Equal("rules", a.GetProperty("analysis").GetProperty("analyzer").GetString()));
        Assert.Single(anomalies, a => a.GetProperty("analysis").GetProperty("fallback_reason").GetString()!.StartsWith("Gemini failed", StringComparison.Ordinal));
        Assert.All(anomalies, a => Assert.Contains("503", a.GetProperty("analysis").GetProperty("fallback_reason").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Explain_GitOpsManagedAndHpaScaledWorkloads_GetSuggestionsNotDryRuns()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;
        server.Mutate<k8s.Models.V1Deployment>("payments", "api", d => d.Metadata.Labels["argocd.argoproj.io/instance"] = "payments");

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--kubeconfig", kubeConfig, "--no-llm", "--output", "json"));

        Assert.True(code == 3, output + error);
        var crash = Incident(Anomalies(output), "deployment/payments/api", "CrashLoopBackOff");
        var restart = Step(crash, "restart_deployment name=api ns=payments");
        Assert.Equal("suggestion_only", restart.GetProperty("verdict").GetString());
        Assert.Contains("GitOps", restart.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, restart.GetProperty("dry_run").ValueKind);
        Assert.DoesNotContain(server.Requests, r => r.DryRun && r.Name == "api");
        ExplainWorld.AssertReadOnly(server);
    }

    [Fact]
    public async Task Explain_ClusterUnreachable_WarnsAndExplainsProvisionally()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await server.DisposeAsync();

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--kubeconfig", kubeConfig, "--no-llm"));

        Assert.True(code == 3, output + error);
        Assert.Contains("could not be read", error, StringComparison.Ordinal);
        Assert.Contains("the verdicts below are provisional", error, StringComparison.Ordinal);
        Assert.Matches(@"ALLOWED \(provisional\)\s+restart_deployment name=api ns=payments", output);
    }

    [Theory]
    [InlineData(new[] { "--kubeconfig", "/nonexistent/kubeconfig" }, "--kubeconfig: '/nonexistent/kubeconfig' does not exist.")]
    [InlineData(new[] { "--in-cluster", "--context", "prod" }, "--context names a kubeconfig context")]
    [InlineData(new[] { "--gemini-endpoint", "gateway.internal" }, "--gemini-endpoint: 'gateway.internal' is not an http(s) URL.")]
    public async Task Explain_BadOptions_ExitTwoWithTheReason(string[] options, string message)
    {
        var (code, _, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, options));

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_PlainHttpGateway_WarnsThatTheKeyTravelsUnencrypted()
    {
        var (code, _, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain("2025-06-02T08:25:00Z", "--gemini-endpoint", "http://gemini-gateway.internal:8080", "--no-llm"));

        Assert.Equal(0, code);
        Assert.Contains("warning: --gemini-endpoint gemini-gateway.internal is plain http", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_InClusterOutsideACluster_ExitsOneAndSaysWhy()
    {
        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--in-cluster", "--no-llm"));

        Assert.Equal(1, code);
        Assert.Contains("error: ", error, StringComparison.Ordinal);
        Assert.Contains("in-cluster", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Explain_ContextFromKubeConfigEnvironment_ReadsThatCluster()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;

        var (code, output, error) = await ExplainWorld.RunAsync(new Dictionary<string, string?> { ["KUBECONFIG"] = kubeConfig }, Explain(DuringIncidents, "--context", "scenario", "--no-llm"));

        Assert.True(code == 3, output + error);
        Assert.Contains("context scenario", output, StringComparison.Ordinal);
        Assert.Contains("Facts read live", output, StringComparison.Ordinal);
        Assert.Contains("dry run: passed", output, StringComparison.Ordinal);
        ExplainWorld.AssertReadOnly(server);
    }

    [Fact]
    public async Task Explain_UnknownContext_ExitsOneAndSaysWhy()
    {
        var (server, kubeConfig) = await world.StartClusterAsync();
        await using var _ = server;

        var (code, output, error) = await ExplainWorld.RunAsync(NoEnvironment, Explain(DuringIncidents, "--kubeconfig", kubeConfig, "--context", "prod", "--no-llm"));

        Assert.Equal(1, code);
        Assert.Contains("prod", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Scan_ExplainOptionsWithoutExplain_ExitTwo()
    {
        var (code, _, error) = await ExplainWorld.RunAsync(NoEnvironment, "scan", "--prometheus", world.Prometheus, "--no-llm", "--context", "prod");

        Assert.Equal(2, code);
        Assert.Contains("--no-llm only applies with --explain.", error, StringComparison.Ordinal);
        Assert.Contains("--context only applies with --explain.", error, StringComparison.Ordinal);
    }
}
