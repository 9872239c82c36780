using System.Text.Json.Nodes;
using Json.Schema;
using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Functions.Tests.Hosting;
using KubeWise.Testing.Prometheus;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenApiModel = Microsoft.OpenApi.OpenApiDocument;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The served OpenAPI document read by a real OpenAPI reader, against the build's functions.metadata (what the host
/// serves), and real answers of the read endpoints validated against the schemas the document gives for them.
/// </summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private static readonly Lazy<JsonArray> Metadata = new(() =>
        JsonNode.Parse(File.ReadAllText(FunctionsOutput.Combine("functions.metadata")))!.AsArray());

    private static readonly Uri DocumentUri = new("https://kubewise.test/api/v1/openapi.json");

    private ApiHarness _h = null!;
    private FakePrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        _prometheus = await FakePrometheusServer.StartAsync();
        _prometheus.Fallback = FakeAnswer.Success(
            """{"resultType":"matrix","result":[{"metric":{"__name__":"up","namespace":"shop","deployment":"web"},"values":[[1700000000,"0.21"],[1700000015,"0.65"]]}]}""");
        _h = await ApiHarness.StartAsync(new Dictionary<string, string?> { ["Prometheus:Url"] = _prometheus.Url.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _prometheus.DisposeAsync();
    }

    private static IEnumerable<(string Name, JsonObject Trigger)> HttpFunctions() =>
        Metadata.Value.Select(f => f!.AsObject())
            .Select(f => (f["name"]!.GetValue<string>(), f["bindings"]!.AsArray().Select(b => b!.AsObject()).FirstOrDefault(b => b["type"]!.GetValue<string>() == "httpTrigger")))
            .Where(f => f.Item2 is not null)
            .Select(f => (f.Item1, f.Item2!));

    private async Task<ApiResponse> ServedDocumentAsync()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, _h.Function<OpenApiFunctions>().GetDocument(request));
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        return response;
    }

    private async Task<OpenApiModel> ReadServedDocumentAsync()
    {
        var (document, diagnostic) = OpenApiModel.Parse((await ServedDocumentAsync()).Text, "json");

        Assert.NotNull(diagnostic);
        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        return Assert.IsType<OpenApiModel>(document);
    }

    [Fact]
    public async Task Document_ReadByMicrosoftOpenApi_HasNoErrorsAndPassesItsValidationRules()
    {
        var document = await ReadServedDocumentAsync();

        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()).Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal("KubeWise API", document.Info.Title);
    }

    [Fact]
    public async Task Document_EveryHttpFunctionOfFunctionsMetadataIsExactlyOneOperation()
    {
        var document = await ReadServedDocumentAsync();
        var documented = document.Paths
            .SelectMany(p => p.Value.Operations!.Select(o => (Key: $"{o.Key.Method.ToUpperInvariant()} {p.Key}", o.Value.OperationId)))
            .ToList();
        var served = HttpFunctions()
            .SelectMany(f => f.Trigger["methods"]!.AsArray().Select(m => (Key: $"{m!.GetValue<string>().ToUpperInvariant()} /api/{f.Trigger["route"]!.GetValue<string>()}", f.Name)))
            .ToList();

        foreach (var (key, name) in served)
        {
            var operation = Assert.Single(documented, d => d.Key == key);
            Assert.Equal(name, operation.OperationId);
        }

        Assert.Equal(served.Select(s => s.Key).Order(StringComparer.Ordinal), documented.Select(d => d.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_EveryHttpFunctionHasRouteMethodsAndAuthLevel_OnlyHealthAndTheDashboardShellAreAnonymous()
    {
        var functions = HttpFunctions().ToList();
        Assert.Equal(ApiOperations.All.Count, functions.Count);
        foreach (var (name, trigger) in functions)
        {
            var operation = Assert.Single(ApiOperations.All, o => o.Name == name);
            Assert.Equal(operation.Route, trigger["route"]!.GetValue<string>());
            Assert.Equal([operation.Method], trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToLowerInvariant()));
            var anonymous = name is HealthFunction.Name or DashboardFunctions.PageName or DashboardFunctions.ScriptName or DashboardFunctions.StyleName;
            Assert.Equal(anonymous ? "Anonymous" : "Function", trigger["authLevel"]!.GetValue<string>());
            Assert.Equal(operation.Anonymous, anonymous);
        }

        foreach (var route in new[] { Routes.Health, Routes.SetupMode, Routes.SetupConfig, Routes.Metrics, Routes.MetricsQueries, Routes.ModelInfo, Routes.ModelTrain, Routes.Events, Routes.Event, Routes.Analyze, Routes.Commands, Routes.Remediate, Routes.Approve, Routes.Reject, Routes.EventSeries, Routes.Dashboard })
        {
            Assert.Contains(functions, f => f.Trigger["route"]!.GetValue<string>() == route);
        }
    }

    [Fact]
    public async Task Document_EveryOperationButHealthAndTheDashboardShellNeedsTheFunctionKey()
    {
        var document = (await ServedDocumentAsync()).Body;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                var security = operation!["security"]!.AsArray();
                var anonymous = path is "/api/v1/health" or "/api/v1/dashboard" or "/api/v1/dashboard.js" or "/api/v1/dashboard.css";
                Assert.Equal(anonymous ? 0 : 1, security.Count);
            }
        }

        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/remediation/events/{id}/approve"]!["post"]!["requestBody"]);
    }

    [Fact]
    public async Task Document_TrainTakesTheOptionalRetrainBody_StoreBackedOperationsDocument503()
    {
        var document = (await ServedDocumentAsync()).Body;
        var train = document["paths"]!["/api/v1/metrics/model/train"]!["post"]!;
        var schema = document["components"]!["schemas"]!["TrainRequest"]!;

        Assert.False(train["requestBody"]!["required"]!.GetValue<bool>());
        Assert.Equal(["force", "entity_types"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.Contains("Deployment", schema["properties"]!["entity_types"]!["items"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["AUTO", "MANUAL"], document["components"]!["schemas"]!["ModeRequest"]!["properties"]!["mode"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal(["mode"], document["components"]!["schemas"]!["ModeRequest"]!["required"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.NotNull(document["paths"]!["/api/v1/remediation/events"]!["get"]!["responses"]!["503"]);
        Assert.NotNull(document["paths"]!["/api/v1/setup/mode"]!["post"]!["responses"]!["503"]);
        Assert.Null(document["paths"]!["/api/v1/health"]!["get"]!["responses"]!["503"]);
    }

    [Fact]
    public async Task Document_EveryJsonAnswerHasAnObjectSchemaWithItsFields()
    {
        var document = (await ServedDocumentAsync()).Body;
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    foreach (var (media, content) in response!["content"]!.AsObject())
                    {
                        if (path.EndsWith("/openapi.json", StringComparison.Ordinal) || media.StartsWith("text/", StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var name = content!["schema"]!["$ref"]!.GetValue<string>().Split('/')[^1];
                        var schema = schemas[name]!;
                        Assert.True(schema["type"]!.ToJsonString() == "\"object\"" && schema["properties"]!.AsObject().Count > 0,
                            $"{method.ToUpperInvariant()} {path} {status}: {name} is {schema.ToJsonString()}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task ReadEndpoints_RealAnswersValidateAgainstTheirDocumentedSchemas()
    {
        var document = (await ServedDocumentAsync()).Body;
        var registry = new SchemaRegistry();
        registry.Register(DocumentUri, new JsonElementBaseDocument(System.Text.Json.JsonDocument.Parse(document.ToJsonString()).RootElement, DocumentUri));
        var build = new BuildOptions { SchemaRegistry = registry };
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);

        var answers = new List<(string Path, string Method, ApiResponse Response)>
        {
            await CallAsync(Routes.Health, r => _h.Function<HealthFunction>().CheckAsync(r, CancellationToken.None)),
            await CallAsync(Routes.SetupMode, r => _h.Function<SetupFunctions>().GetModeAsync(r, CancellationToken.None)),
            await CallAsync(Routes.SetupConfig, r => Task.FromResult(_h.Function<SetupFunctions>().GetConfig(r))),
            await CallAsync(Routes.Metrics, r => _h.Function<MetricsFunctions>().GetMetricsAsync(r, CancellationToken.None)),
            await CallAsync(Routes.MetricsQueries, r => _h.Function<MetricsFunctions>().GetQueriesAsync(r, CancellationToken.None)),
            await CallAsync(Routes.ModelInfo, r => _h.Function<MetricsFunctions>().GetModelInfoAsync(r, _h.Client, CancellationToken.None)),
            await CallAsync(Routes.Events, r => _h.Function<EventsFunctions>().ListAsync(r, CancellationToken.None)),
            await CallAsync(Routes.Event, r => _h.Function<EventsFunctions>().GetAsync(r, anomaly.AnomalyId, CancellationToken.None)),
            await CallAsync(Routes.Event, r => _h.Function<EventsFunctions>().GetAsync(r, Guid.NewGuid().ToString(), CancellationToken.None)),
            await CallAsync(Routes.Events, r => _h.Function<EventsFunctions>().ListAsync(r, CancellationToken.None), "?limit=0"),
            await CallAsync(Routes.Commands, r => Task.FromResult(_h.Function<CommandsFunction>().List(r))),
        };

        Assert.Contains(answers, a => a.Path == Routes.Public(Routes.Metrics) && a.Response.Body["metrics"]!.AsObject().Count > 0);
        Assert.Contains(answers, a => a.Response.Status == 404);
        Assert.Contains(answers, a => a.Response.Status == 400);
        foreach (var (path, method, response) in answers)
        {
            var content = response.Status < 400 ? "application/json" : ApiProblem.ContentType;
            var pointer = $"#/paths/{Escape(path)}/{method}/responses/{response.Status}/content/{Escape(content)}/schema";
            var schema = JsonSchema.FromText($$"""{"$ref":"{{DocumentUri}}{{pointer}}"}""", build);
            var result = schema.Evaluate(System.Text.Json.JsonDocument.Parse(response.Text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

            Assert.True(result.IsValid, $"GET {path} {response.Status}: " + string.Join("; ",
                (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
    }

    private async Task<(string Path, string Method, ApiResponse Response)> CallAsync(string route, Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call, string? query = null)
    {
        var request = _h.Request("GET", query: query);
        return (Routes.Public(route), "get", await HostedFunction.RunAsync(request, await call(request)));
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));

    [Fact]
    public async Task DocsPage_IsSelfContainedAndReadsTheDocumentBesideIt()
    {
        var request = _h.Request("GET");
        var page = await HostedFunction.RunAsync(request, _h.Function<OpenApiFunctions>().GetDocs(request));

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("/openapi.json", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page.Text, StringComparison.Ordinal);
    }
}
