using KubeWise.Core.Metrics.Catalog;

namespace KubeWise.Core.Tests.Metrics.Catalog;

public class QueryCatalogTests
{
    [Fact]
    public void BuiltIns_DeclareTheirMetricsAndTarget_AndAggregateInPromQl()
    {
        var catalog = new QueryCatalog([]);

        Assert.All(catalog.Queries, q =>
        {
            Assert.Equal(QueryOrigin.BuiltIn, q.Origin);
            Assert.NotEmpty(q.RequiredMetrics);
            Assert.All(q.RequiredMetrics, m => Assert.Contains(m, q.Render([], TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)), StringComparison.Ordinal));
            Assert.Empty(PromQlText.Problems(q.Render([], TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15))));
        });
        // Container-level series are summed per pod and then per owner: no query answers one series per container.
        var cpu = catalog.Queries.Single(q => q.Id == BuiltInQueries.CpuLimitRatio);
        Assert.StartsWith("max by (namespace, owner_kind, owner_name)", cpu.Expression, StringComparison.Ordinal);
        Assert.Equal(QueryTarget.Workload, cpu.Target);
    }

    [Fact]
    public void Render_WithNamespaces_AddsOneMatcherToEverySelector()
    {
        var query = new QueryCatalog([]).Queries.Single(q => q.Id == BuiltInQueries.Restarts);

        var text = query.Render(["shop", "payments"], TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(15));

        Assert.Contains("kube_pod_container_status_restarts_total{namespace=~\"payments|shop\"}", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_owner{owner_is_controller=\"true\",namespace=~\"payments|shop\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$", text, StringComparison.Ordinal);
        Assert.DoesNotContain("namespace=~", query.Render([], TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(15)), StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_ValidQueries_AreAddedWithTheirMetricsAndOrigin_InvalidOnesRejected()
    {
        var catalog = new QueryCatalog(
        [
            "sum by (namespace, pod) (rate(http_requests_total{code=~\"5..\"}[5m]))",
            "sum(rate(container_cpu_usage_seconds_total[5m]) by (pod)",
        ]);

        var added = Assert.Single(catalog.Queries, q => q.Origin == QueryOrigin.Configuration);
        Assert.Equal("config_1", added.Id);
        Assert.Equal(["http_requests_total"], added.RequiredMetrics);
        Assert.Equal(QueryTarget.Auto, added.Target);
        var rejected = Assert.Single(catalog.Rejected);
        Assert.Equal("config_2", rejected.Id);
        Assert.Contains("'(' is not closed", rejected.Problems);
    }

    [Fact]
    public void TryAdd_AiProposal_IsTaggedAndValidated()
    {
        var catalog = new QueryCatalog([]);
        var proposal = QueryCatalog.FromExpression("pvc_usage_ratio", "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes)", QueryOrigin.AiProposed);

        var accepted = catalog.TryAdd(proposal);
        var duplicate = catalog.TryAdd(proposal);
        var badId = catalog.TryAdd(proposal with { Id = "Bad Id", Expression = "up" });

        Assert.True(accepted.Accepted);
        Assert.Contains(catalog.Queries, q => q.Id == "pvc_usage_ratio" && q.Origin == QueryOrigin.AiProposed);
        Assert.Equal(["kubelet_volume_stats_used_bytes", "kubelet_volume_stats_capacity_bytes"], proposal.RequiredMetrics);
        Assert.Contains(duplicate.Problems, p => p.Contains("already in the catalog", StringComparison.Ordinal));
        Assert.Contains(badId.Problems, p => p.Contains("'Bad Id'", StringComparison.Ordinal));
        Assert.Single(catalog.Queries, q => q.Id == "pvc_usage_ratio");
    }

    [Theory]
    [InlineData("up", new[] { "up" })]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(apiserver_request_duration_seconds_bucket{verb!~\"WATCH\"}[5m])))", new[] { "apiserver_request_duration_seconds_bucket" })]
    [InlineData("a_total / on (pod) group_left (node) b_info offset 5m", new[] { "a_total", "b_info" })]
    [InlineData("{__name__=~\"x|y\"}", new string[0])]
    public void MetricNames_ReadsSelectorsOnly(string expression, string[] expected)
    {
        Assert.Equal(expected, PromQlText.MetricNames(expression));
    }

    [Theory]
    [InlineData("", "the query is empty")]
    [InlineData("sum(up", "'(' is not closed")]
    [InlineData("up{job=\"x}", "a string is not closed")]
    [InlineData("up)", "unbalanced ')' at position 3")]
    public void Problems_NameWhatIsWrong(string expression, string problem)
    {
        Assert.Contains(problem, PromQlText.Problems(expression));
    }
}
