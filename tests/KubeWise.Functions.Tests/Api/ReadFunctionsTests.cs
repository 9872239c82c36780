using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;

namespace KubeWise.Functions.Tests.Api;

/// <summary>The read endpoints called directly: events (filters, paging, errors), commands, config, health, metrics.</summary>
public sealed class ReadFunctionsTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync(new Dictionary<string, string?>
    {
        ["GEMINI_API_KEY"] = "very-secret-gemini-key",
        ["Gemini:ApiKey"] = "very-secret-gemini-key",
        ["Mongo:ConnectionString"] = null,
    });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<ApiResponse> ListAsync(string query)
    {
        var request = _h.Request("GET", query: query);
        return await HostedFunction.RunAsync(request, await _h.Function<EventsFunctions>().ListAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task ListEvents_StatusFilterAndPaging_ReturnsTheSeedShape()
    {
        var waiting = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);
        await _h.CreateEventAsync(AnomalyStatus.Analyzing);
        await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);

        var response = await ListAsync("?status=AwaitingApproval&limit=1");

        Assert.Equal(200, response.Status);
        Assert.Equal(2, response.Body["total"]!.GetValue<long>());
        var item = Assert.Single(response.Body["events"]!.AsArray())!;
        Assert.Equal("AwaitingApproval", item["status"]!.GetValue<string>());
        foreach (var field in new[] { "anomaly_id", "detection_timestamp", "entity_id", "entity_type", "namespace", "anomaly_score", "suggested_remediation_commands", "ai_analysis" })
        {
            Assert.NotNull(item[field]);
        }

        Assert.Equal("HIGH", item["ai_analysis"]!["severity"]!.GetValue<string>());
        Assert.NotNull(waiting);
    }

    [Theory]
    [InlineData("?status=Sleeping", "status")]
    [InlineData("?limit=100000", "Limit")]
    [InlineData("?skip=-1", "skip")]
    [InlineData("?from=yesterday", "from")]
    public async Task ListEvents_BadFilter_Is400NamingTheParameter(string query, string parameter)
    {
        var response = await ListAsync(query);

        Assert.Equal(400, response.Status);
        Assert.Contains(parameter, response.Body["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task GetEvent_Known_ReturnsItWithTheAuditTrail_Unknown404()
    {
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);
        var functions = _h.Function<EventsFunctions>();

        var request = _h.Request("GET");
        var found = await HostedFunction.RunAsync(request, await functions.GetAsync(request, anomaly.AnomalyId.ToUpperInvariant(), CancellationToken.None));
        request = _h.Request("GET");
        var missing = await HostedFunction.RunAsync(request, await functions.GetAsync(request, AnomalyId.New(), CancellationToken.None));

        Assert.Equal(200, found.Status);
        Assert.Equal(anomaly.AnomalyId, found.Body["anomaly_id"]!.GetValue<string>());
        Assert.Equal(["Analyzing", "AwaitingApproval"], found.Body["audit_trail"]!.AsArray().Select(a => a!["to_status"]?.GetValue<string>()).OfType<string>().TakeLast(2));
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task Commands_ListsTheCatalogWithExamples()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, _h.Function<CommandsFunction>().List(request));

        var names = response.Body["commands"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("restart_deployment", names);
        Assert.Contains("scale_deployment", names);
        Assert.All(response.Body["commands"]!.AsArray(), c => Assert.False(string.IsNullOrEmpty(c!["example"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Config_SecretsAreMasked_OtherValuesShown()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, _h.Function<SetupFunctions>().GetConfig(request));

        var settings = response.Body["settings"]!;
        Assert.Equal("***", settings["GEMINI_API_KEY"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:9", settings["PROMETHEUS_URL"]!.GetValue<string>());
        Assert.DoesNotContain("very-secret-gemini-key", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_PrometheusDown_ListsEverySeedServiceAndIsDegraded()
    {
        var request = _h.Request("GET", key: null);
        var response = await HostedFunction.RunAsync(request, await _h.Function<HealthFunction>().CheckAsync(request, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Equal("degraded", response.Body["status"]!.GetValue<string>());
        var services = response.Body["services"]!.AsObject();
        Assert.Equal(["API", "MongoDB", "Prometheus", "Kubernetes", "Gemini API", "Worker"], services.Select(s => s.Key));
        Assert.Equal("healthy", services["API"]!["status"]!.GetValue<string>());
        Assert.Equal("healthy", services["MongoDB"]!["status"]!.GetValue<string>());
        Assert.Equal("unhealthy", services["Prometheus"]!["status"]!.GetValue<string>());
        Assert.NotNull(response.Body["timestamp"]);
    }

    [Fact]
    public async Task Metrics_PrometheusDown_AnswersWithTheErrorsNotA500()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().GetMetricsAsync(request, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Empty(response.Body["metrics"]!.AsObject());
        Assert.NotEmpty(response.Body["errors"]!.AsArray());
        Assert.All(response.Body["errors"]!.AsArray(), e => Assert.False(string.IsNullOrEmpty(e!["error"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Queries_ConfiguredQueryIsListedAfterTheBuiltIns_InvalidOneIsRefusedWithItsProblem()
    {
        await using var h = await ApiHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Prometheus:DefaultQueries:0"] = "sum(rate(http_requests_total[5m])) by (namespace, deployment)",
            ["Prometheus:DefaultQueries:1"] = "sum(rate(",
        });
        var request = h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await h.Function<MetricsFunctions>().GetQueriesAsync(request, CancellationToken.None));

        var queries = response.Body["queries"]!.AsArray();
        Assert.True(queries.Count > 1);
        Assert.Equal("BuiltIn", queries[0]!["origin"]!.GetValue<string>());
        Assert.Equal("default", queries[0]!["tag"]!.GetValue<string>());
        Assert.Equal("configured", queries.Single(q => q!["origin"]!.GetValue<string>() == "Configuration")!["tag"]!.GetValue<string>());
        Assert.Contains(queries, q => q!["query"]!.GetValue<string>() == "sum(rate(http_requests_total[5m])) by (namespace, deployment)");
        var rejected = Assert.Single(response.Body["rejected"]!.AsArray())!;
        Assert.Equal("sum(rate(", rejected["query"]!.GetValue<string>());
        Assert.NotEmpty(rejected["problems"]!.AsArray());
        Assert.Equal("configured", rejected["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModelInfo_NoModelYet_SaysSoForEveryEntityType()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await _h.Function<MetricsFunctions>().GetModelInfoAsync(request, _h.Client, CancellationToken.None));

        Assert.Equal(200, response.Status);
        var models = response.Body["models"]!.AsArray();
        Assert.Contains(models, m => m!["entity_type"]!.GetValue<string>() == "Deployment");
        Assert.All(models, m => Assert.False(m!["model_exists"]!.GetValue<bool>()));
        Assert.Equal(-0.2, response.Body["score_threshold"]!.GetValue<double>());
    }

    [Fact]
    public async Task Train_PrometheusDown_TheRunEndsWithTheReasonInModelInfo()
    {
        var functions = _h.Function<MetricsFunctions>();

        var (_, run) = await TrainingRuns.TrainAndWaitAsync(
            async () =>
            {
                var request = _h.Request("POST");
                return await HostedFunction.RunAsync(request, await functions.TrainAsync(request, _h.Client, CancellationToken.None));
            },
            async () =>
            {
                var request = _h.Request("GET");
                return (await HostedFunction.RunAsync(request, await functions.GetModelInfoAsync(request, _h.Client, CancellationToken.None))).Body;
            });

        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Null(run["report"]);
        Assert.StartsWith("No model was trained:", run["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
