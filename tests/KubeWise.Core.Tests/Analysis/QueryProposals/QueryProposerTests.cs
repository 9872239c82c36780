using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Configuration;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Prometheus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Analysis.QueryProposals;

/// <summary>
/// The fake Gemini proposes good, invalid, unbounded and irrelevant PromQL; each runs against a real Prometheus serving
/// the synthetic cluster's history, and only the good ones join the catalog (tagged <c>ai</c>) and are persisted as accepted.
/// </summary>
public sealed class QueryProposerTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>
{
    private static readonly object GoodPod = new { id = "pod_memory_working_set", expression = "max by (namespace, pod) (container_memory_working_set_bytes)", entity_type = "pod", description = "Working set of the pod's container." };
    private static readonly object GoodDeployment = new { id = "deployment_unavailable_ratio", expression = "max by (namespace, deployment) (kube_deployment_status_replicas_unavailable / clamp_min(kube_deployment_spec_replicas, 1))", entity_type = "deployment", description = "Share of replicas unavailable." };
    private static readonly object Invalid = new { id = "broken", expression = "sum by (namespace, deployment (kube_deployment_spec_replicas", entity_type = "deployment", description = "Unbalanced." };
    private static readonly object Unbounded = new { id = "pod_requests", expression = "kube_pod_container_resource_requests", entity_type = "pod", description = "Requests per resource." };
    private static readonly object NoEntity = new { id = "pod_count", expression = "count(kube_pod_info)", entity_type = "pod", description = "How many pods." };
    private static readonly object Scalar = new { id = "pod_count_scalar", expression = "scalar(count(kube_pod_info))", entity_type = "pod", description = "How many pods." };
    private static readonly object WellCovered = new { id = "node_memory_total", expression = "max by (node) (node_memory_MemTotal_bytes)", entity_type = "node", description = "Memory of the node." };
    private static readonly object WrongType = new { id = "deployment_pod_memory", expression = "avg by (namespace, pod) (container_memory_working_set_bytes)", entity_type = "deployment", description = "Memory." };
    private static readonly object Ghosts = new { id = "pod_ghosts", expression = "label_replace(max by (namespace, pod) (kube_pod_info), \"pod\", \"ghost-$1\", \"pod\", \"(.*)\")", entity_type = "pod", description = "Pods that do not exist." };
    private static readonly object Absent = new { id = "pod_gpu", expression = "max by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL)", entity_type = "pod", description = "GPU use." };

    [Fact]
    public async Task Propose_MixOfProposals_OnlyTheGoodOnesJoinTheCatalogTaggedAi()
    {
        await using var h = await Harness.StartAsync(fixture);
        h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = new[] { GoodPod, GoodDeployment, Invalid, Unbounded, NoEntity, Scalar, WellCovered, WrongType, Ghosts, Absent } }));

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        Assert.Null(round.SkippedReason);
        Assert.Equal(["pod", "deployment", "statefulset", "daemonset"], round.PoorlyCovered);
        Assert.Equal(["pod_memory_working_set", "deployment_unavailable_ratio"], round.Accepted.Select(d => d.Query.Id));
        Assert.Equal(["pod_memory_working_set", "deployment_unavailable_ratio"], h.Catalog.Added.Select(a => a.Query.Id));
        Assert.All(h.Catalog.Added, a => Assert.Equal("ai", a.Tag));
        var pods = fixture.Cluster.Pods.Count(p => p.ExistsAt(fixture.EvaluationTime));
        Assert.Equal(pods, round.Accepted.First().SeriesCount);

        AssertRejected(round, "broken", "invalid PromQL");
        AssertRejected(round, "pod_requests", "unbounded cardinality");
        AssertRejected(round, "pod_count", "irrelevant: series {} names no pod");
        AssertRejected(round, "pod_count_scalar", "returns a scalar");
        AssertRejected(round, "node_memory_total", "node is already well covered");
        AssertRejected(round, "deployment_pod_memory", "its series name pods");
        AssertRejected(round, "pod_ghosts", "kube-state-metrics does not know");
        AssertRejected(round, "pod_gpu", "returns no series");
    }

    [Fact]
    public async Task Propose_Decisions_PersistedAndRestoredIntoAFreshCatalog()
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-proposals-").FullName;
        var database = Path.Combine(directory, "kubewise.db");
        try
        {
            await using (var h = await Harness.StartAsync(fixture, database))
            {
                h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = new[] { GoodPod, Invalid, GoodDeployment } }));
                await h.Proposer.ProposeAsync(fixture.EvaluationTime);

                var stored = await h.Services.GetRequiredService<IProposedQueryStore>().LoadAsync(CancellationToken.None);
                Assert.Equal([("pod_memory_working_set", true), ("broken", false), ("deployment_unavailable_ratio", true)], stored.Select(d => (d.Query.Id, d.Accepted)));
                Assert.Contains("invalid PromQL", stored[1].Reason, StringComparison.Ordinal);
            }

            await using var restarted = await Harness.StartAsync(fixture, database);
            var added = await restarted.Proposer.RestoreAsync();

            Assert.Equal(2, added);
            Assert.Equal(["pod_memory_working_set", "deployment_unavailable_ratio"], restarted.Catalog.Added.Select(a => a.Query.Id));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Propose_Prompt_OffersMetricNamesAndAsksForThePoorlyCoveredTypes()
    {
        await using var h = await Harness.StartAsync(fixture);
        h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = Array.Empty<object>() }));

        await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        var request = Assert.Single(h.Gemini.Requests);
        var text = request.Json.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString()!;
        Assert.Contains("for these entity types: pod, deployment, statefulset, daemonset.", text, StringComparison.Ordinal);
        Assert.Contains("- kube_pod_info", text, StringComparison.Ordinal);
        Assert.Contains("- container_memory_working_set_bytes", text, StringComparison.Ordinal);
        Assert.Contains("- node: node_ready = ", text, StringComparison.Ordinal);
        Assert.Equal("application/json", request.Json.GetProperty("generationConfig").GetProperty("responseMimeType").GetString());
    }

    [Fact]
    public async Task Propose_Redaction_HidesTheClusterNamesInQueriesAndMapsTheModelsQueriesBack()
    {
        await using var h = await Harness.StartAsync(fixture);
        h.Gemini.Enqueue(FakeGeminiReply.Json(new
        {
            queries = new[]
            {
                new { id = "payments_pod_cpu", expression = "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace=\"redacted-namespace-1\"}[5m]))", entity_type = "pod", description = "CPU of the pods in redacted-namespace-1." },
            },
        }));

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        var text = Assert.Single(h.Gemini.Requests).Json.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString()!;
        Assert.DoesNotContain("payments", text, StringComparison.Ordinal);
        Assert.Contains("container_memory_working_set_bytes{namespace=\"redacted-namespace-1\", container!=\"\"}", text, StringComparison.Ordinal);
        // Schema values stay readable: the model must know which condition a query reads.
        Assert.Contains("condition=\"Ready\"", text, StringComparison.Ordinal);
        var accepted = Assert.Single(round.Accepted);
        Assert.Equal("sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{namespace=\"payments\"}[5m]))", accepted.Query.Expression);
        Assert.Equal("CPU of the pods in payments.", accepted.Query.Description);
        Assert.True(accepted.SeriesCount > 0);
    }

    [Fact]
    public async Task Propose_SeriesBound_RejectsAQueryReturningMoreSeries()
    {
        await using var h = await Harness.StartAsync(fixture, settings: new() { ["Gemini:QueryProposals:MaxSeries"] = "5" });
        h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = new[] { GoodPod } }));

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        AssertRejected(round, "pod_memory_working_set", "exceed the bound of 5");
        Assert.Empty(h.Catalog.Added);
    }

    [Fact]
    public async Task Propose_CostBound_RejectsAQueryTooSlowOverTheWindow()
    {
        await using var h = await Harness.StartAsync(fixture, settings: new() { ["Gemini:QueryProposals:MaxQueryMilliseconds"] = "5" });
        h.Gemini.Enqueue(FakeGeminiReply.Json(new
        {
            queries = new[]
            {
                new { id = "pod_memory_peak", expression = "max by (namespace, pod) (max_over_time(container_memory_working_set_bytes[2h:100ms])) and on (namespace, pod) container_memory_working_set_bytes", entity_type = "pod", description = "Peak working set." },
            },
        }));

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        AssertRejected(round, "pod_memory_peak", "too costly");
        Assert.True(round.Decisions.Single().QueryMilliseconds > 5);
        Assert.Empty(h.Catalog.Added);
    }

    [Fact]
    public async Task Propose_Disabled_AsksNothing()
    {
        await using var h = await Harness.StartAsync(fixture, settings: new() { ["Gemini:QueryProposals:Enabled"] = "false" });

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        Assert.Equal("Gemini:QueryProposals:Enabled is off.", round.SkippedReason);
        Assert.Empty(h.Gemini.Requests);
    }

    [Fact]
    public async Task Propose_ModelFails_RoundSaysWhyAndCatalogUnchanged()
    {
        await using var h = await Harness.StartAsync(fixture, settings: new() { ["Gemini:MaxRetries"] = "0" });
        h.Gemini.Enqueue(FakeGeminiReply.MalformedJson());

        var round = await h.Proposer.ProposeAsync(fixture.EvaluationTime);

        Assert.StartsWith("Gemini failed (UnparseableOutput)", round.SkippedReason, StringComparison.Ordinal);
        Assert.Empty(h.Catalog.Added);
    }

    private static void AssertRejected(QueryProposalRound round, string id, string reason)
    {
        var decision = Assert.Single(round.Decisions, d => d.Query.Id == id);
        Assert.False(decision.Accepted, $"{id} was accepted: {decision.Reason}");
        Assert.Contains(reason, decision.Reason, StringComparison.Ordinal);
    }

    private sealed class Harness : IAsyncDisposable
    {
        private readonly bool _ownsDatabase;

        private Harness(FakeGeminiServer gemini, ServiceProvider services, ListQueryCatalog catalog, string databasePath, bool ownsDatabase)
        {
            Gemini = gemini;
            Services = services;
            Catalog = catalog;
            DatabasePath = databasePath;
            _ownsDatabase = ownsDatabase;
        }

        public FakeGeminiServer Gemini { get; }

        public ServiceProvider Services { get; }

        public ListQueryCatalog Catalog { get; }

        public string DatabasePath { get; }

        public QueryProposer Proposer => Services.GetRequiredService<QueryProposer>();

        public static async Task<Harness> StartAsync(PrometheusHistoryFixture fixture, string? databasePath = null, Dictionary<string, string?>? settings = null)
        {
            var gemini = await FakeGeminiServer.StartAsync();
            var path = databasePath ?? Path.Combine(Directory.CreateTempSubdirectory("kubewise-proposals-").FullName, "kubewise.db");
            var values = new Dictionary<string, string?>
            {
                ["GEMINI_API_KEY"] = "test-key",
                ["Gemini:Endpoint"] = gemini.BaseAddress.ToString(),
                ["Gemini:RetryBaseDelayMilliseconds"] = "10",
                ["Gemini:QueryProposals:Enabled"] = "true",
                ["Prometheus:Url"] = fixture.Url.ToString().TrimEnd('/'),
                ["LiteDb:FilePath"] = path,
            };
            foreach (var (k, v) in settings ?? [])
            {
                values[k] = v;
            }

            var catalog = new ListQueryCatalog();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<IQueryCatalogView>(catalog)
                .AddKubeWiseCore(configuration)
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            return new Harness(gemini, services, catalog, path, databasePath is null);
        }

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Gemini.DisposeAsync();
            if (_ownsDatabase)
            {
                Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
            }
        }
    }
}
