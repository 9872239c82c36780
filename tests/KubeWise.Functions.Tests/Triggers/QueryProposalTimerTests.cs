using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Functions.Api;
using KubeWise.Functions.Tests.Api;
using KubeWise.Application.Workflows;
using KubeWise.Core.Incidents;
using KubeWise.Functions.Triggers;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Prometheus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Triggers;

/// <summary>
/// The proposal timer against a real Prometheus serving the synthetic cluster's history: the fake Gemini proposes a good,
/// an invalid, an unbounded and an irrelevant query; <c>GET /api/v1/metrics/queries</c> shows what a person would see,
/// before and after a restart over the same store.
/// </summary>
public sealed class QueryProposalTimerTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>
{
    private const string GoodId = "pod_memory_working_set";

    private static readonly object[] Proposals =
    [
        new { id = GoodId, expression = "max by (namespace, pod) (container_memory_working_set_bytes)", entity_type = "pod", description = "Working set of the pod's containers." },
        new { id = "broken", expression = "sum by (namespace, deployment (kube_deployment_spec_replicas", entity_type = "deployment", description = "Unbalanced." },
        new { id = "pod_requests", expression = "kube_pod_container_resource_requests", entity_type = "pod", description = "Requests per container and resource." },
        new { id = "pod_count", expression = "count(kube_pod_info)", entity_type = "pod", description = "How many pods run." },
    ];

    private static readonly Dictionary<string, string?> Enabled = new()
    {
        ["Gemini:QueryProposals:Enabled"] = "true",

        // Every entity type counts as poorly covered, so the built-in catalog does not decide what is relevant.
        ["Gemini:QueryProposals:PoorCoverageBelow"] = "100",
    };

    [Fact]
    public async Task TimerRun_MixedProposals_QueriesEndpointShowsTheGoodOneTaggedAiAndTheOthersRejectedWithReasons()
    {
        var h = await HistoryHarness.StartAsync(fixture, settings: Enabled);
        try
        {
            h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = Proposals }));

            await h.Function<QueryProposalTimerFunction>().RunAsync(new TimerInfo(), CancellationToken.None);
            var body = await GetQueriesAsync(h);

            Assert.Single(h.Gemini.Requests);
            var good = Assert.Single(Queries(body), q => q["id"]!.GetValue<string>() == GoodId);
            Assert.Equal("ai", good["tag"]!.GetValue<string>());
            Assert.Equal("AiProposed", good["origin"]!.GetValue<string>());
            Assert.Equal("pod", good["entity_type"]!.GetValue<string>());
            Assert.StartsWith("accepted:", good["reason"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("max by (namespace, pod) (container_memory_working_set_bytes)", good["query"]!.GetValue<string>());
            Assert.All(Queries(body).Where(q => q["origin"]!.GetValue<string>() == "BuiltIn"), q => Assert.Equal("default", q["tag"]!.GetValue<string>()));

            AssertRejected(body, "broken", "invalid PromQL");
            AssertRejected(body, "pod_requests", "unbounded cardinality");
            AssertRejected(body, "pod_count", "irrelevant");
            Assert.DoesNotContain(Queries(body), q => q["id"]!.GetValue<string>() is "broken" or "pod_requests" or "pod_count");
            Assert.Equal(1, body["ai_proposals"]!["accepted"]!.GetValue<int>());
            Assert.Equal(3, body["ai_proposals"]!["rejected"]!.GetValue<int>());
        }
        finally
        {
            await h.DisposeAsync();
            h.DeleteDirectory();
        }
    }

    [Fact]
    public async Task Restart_SameStore_QueriesEndpointStillListsTheAcceptedAiQuery()
    {
        var first = await HistoryHarness.StartAsync(fixture, settings: Enabled);
        var directory = first.Directory;
        try
        {
            first.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = Proposals }));
            await first.Function<QueryProposalTimerFunction>().RunAsync(new TimerInfo(), CancellationToken.None);
            await first.DisposeAsync();

            await using var restarted = await HistoryHarness.StartAsync(fixture, directory, Enabled);
            var body = await GetQueriesAsync(restarted);

            Assert.Equal("ai", Assert.Single(Queries(body), q => q["id"]!.GetValue<string>() == GoodId)["tag"]!.GetValue<string>());
            AssertRejected(body, "pod_requests", "unbounded cardinality");
            Assert.Empty(restarted.Gemini.Requests);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Restart_FirstScanTick_RunsTheRestoredAiQuery()
    {
        var first = await HistoryHarness.StartAsync(fixture, settings: Enabled);
        var directory = first.Directory;
        try
        {
            first.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = Proposals }));
            await first.Function<QueryProposalTimerFunction>().RunAsync(new TimerInfo(), CancellationToken.None);
            await first.DisposeAsync();

            await using var restarted = await HistoryHarness.StartAsync(fixture, directory, Enabled);
            var tick = await restarted.Services.GetRequiredService<ScanWorkflow>().TickAsync(restarted.Client);

            Assert.True(tick.Report!.Succeeded, tick.Report.Failure);
            var active = Assert.Single(tick.Report.ActiveQueries, q => q.Id == GoodId);
            Assert.Equal(QueryOrigin.AiProposed, active.Origin);
            Assert.Empty(restarted.Gemini.Requests);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TimerRun_ProposalsOff_AsksTheModelNothingAndTheCatalogHasNoAiQuery()
    {
        var h = await HistoryHarness.StartAsync(fixture);
        try
        {
            h.Gemini.Enqueue(FakeGeminiReply.Json(new { queries = Proposals }));

            await h.Function<QueryProposalTimerFunction>().RunAsync(new TimerInfo(), CancellationToken.None);
            var body = await GetQueriesAsync(h);

            Assert.Empty(h.Gemini.Requests);
            Assert.DoesNotContain(Queries(body), q => q["tag"]!.GetValue<string>() == "ai");
            Assert.False(body["ai_proposals"]!["enabled"]!.GetValue<bool>());
        }
        finally
        {
            await h.DisposeAsync();
            h.DeleteDirectory();
        }
    }

    [Fact]
    public async Task TimerRun_NoModelConfigured_IsHarmless()
    {
        var h = await HistoryHarness.StartAsync(fixture, settings: new Dictionary<string, string?>(Enabled) { ["GEMINI_API_KEY"] = "" });
        try
        {
            var round = await h.Services.GetRequiredService<QueryProposalWorkflow>().RunAsync();

            Assert.NotNull(round);
            Assert.Empty(round.Decisions);
            Assert.False(string.IsNullOrEmpty(round.SkippedReason));
            Assert.Empty(h.Gemini.Requests);
        }
        finally
        {
            await h.DisposeAsync();
            h.DeleteDirectory();
        }
    }

    [Fact]
    public async Task StoredDecisionsUnreadable_ScanTickStillRuns_QueriesEndpointSaysWhy()
    {
        var h = await HistoryHarness.StartAsync(fixture, settings: Enabled);
        try
        {
            await h.Services.GetRequiredService<ISharedStateStore>().PutAsync(SharedCollection.Queries, SharedStateProposedQueryStore.Key, "{\"decisions\": [{\"query\": 1", "test");

            var tick = await h.Services.GetRequiredService<ScanWorkflow>().TickAsync(h.Client);
            var body = await GetQueriesAsync(h);

            Assert.True(tick.Report!.Succeeded, tick.Report.Failure);
            Assert.NotEmpty(Queries(body));
            Assert.StartsWith("The AI proposal decisions could not be read", body["ai_proposals"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            await h.DisposeAsync();
            h.DeleteDirectory();
        }
    }

    private static async Task<JsonNode> GetQueriesAsync(HistoryHarness h)
    {
        var request = h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await h.Function<MetricsFunctions>().GetQueriesAsync(request, CancellationToken.None));
        Assert.Equal(200, response.Status);
        return response.Body;
    }

    private static IEnumerable<JsonNode> Queries(JsonNode body) => body["queries"]!.AsArray().Select(q => q!);

    private static void AssertRejected(JsonNode body, string id, string reason)
    {
        var rejected = Assert.Single(body["rejected"]!.AsArray(), r => r!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("ai", rejected["tag"]!.GetValue<string>());
        Assert.Contains(reason, rejected["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(rejected["reason"]!.GetValue<string>(), Assert.Single(rejected["problems"]!.AsArray())!.GetValue<string>());
    }
}
