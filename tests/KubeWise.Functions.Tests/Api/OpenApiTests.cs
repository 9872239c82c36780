using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Functions.Api;
using KubeWise.Functions.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>The OpenAPI document against the build's functions.metadata (what the host would serve), and the docs page.</summary>
public sealed class OpenApiTests
{
    private static readonly Lazy<JsonArray> Metadata = new(() =>
        JsonNode.Parse(File.ReadAllText(FunctionsOutput.Combine("functions.metadata")))!.AsArray());

    private static IEnumerable<(string Name, JsonObject Trigger)> HttpFunctions() =>
        Metadata.Value.Select(f => f!.AsObject())
            .Select(f => (f["name"]!.GetValue<string>(), f["bindings"]!.AsArray().Select(b => b!.AsObject()).FirstOrDefault(b => b["type"]!.GetValue<string>() == "httpTrigger")))
            .Where(f => f.Item2 is not null)
            .Select(f => (f.Item1, f.Item2!));

    [Fact]
    public void Document_ListsExactlyTheRoutesAndMethodsOfFunctionsMetadata()
    {
        var document = OpenApiDocument.Build("test");

        var documented = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal);
        var served = HttpFunctions()
            .SelectMany(f => f.Trigger["methods"]!.AsArray().Select(m => $"{m!.GetValue<string>().ToUpperInvariant()} /api/{f.Trigger["route"]!.GetValue<string>()}"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(served, documented);
    }

    [Fact]
    public void Metadata_EveryHttpFunctionHasRouteMethodsAndAuthLevel_OnlyHealthIsAnonymous()
    {
        var functions = HttpFunctions().ToList();
        Assert.Equal(OpenApiDocument.Endpoints.Count, functions.Count);
        foreach (var (name, trigger) in functions)
        {
            Assert.StartsWith("v1/", trigger["route"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotEmpty(trigger["methods"]!.AsArray());
            Assert.Equal(name == HealthFunction.Name ? "Anonymous" : "Function", trigger["authLevel"]!.GetValue<string>());
        }

        foreach (var route in new[] { Routes.Health, Routes.SetupMode, Routes.SetupConfig, Routes.Metrics, Routes.MetricsQueries, Routes.ModelInfo, Routes.ModelTrain, Routes.Events, Routes.Event, Routes.Analyze, Routes.Commands, Routes.Remediate, Routes.Approve, Routes.Reject })
        {
            Assert.Contains(functions, f => f.Trigger["route"]!.GetValue<string>() == route);
        }
    }

    [Fact]
    public void Document_EveryOperationButHealthNeedsTheFunctionKey()
    {
        var document = OpenApiDocument.Build("test");
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (_, operation) in item!.AsObject())
            {
                var security = operation!["security"]!.AsArray();
                Assert.Equal(path == "/api/v1/health" ? 0 : 1, security.Count);
            }
        }

        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/remediation/events/{id}/approve"]!["post"]!["requestBody"]);
    }

    [Fact]
    public void Document_TrainTakesTheOptionalRetrainBody_StoreBackedOperationsDocument503()
    {
        var document = OpenApiDocument.Build("test");
        var train = document["paths"]!["/api/v1/metrics/model/train"]!["post"]!;
        var schema = document["components"]!["schemas"]!["TrainRequest"]!;

        Assert.False(train["requestBody"]!["required"]!.GetValue<bool>());
        Assert.Equal(["force", "entity_types"], schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("Deployment", schema["properties"]!["entity_types"]!["items"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.NotNull(document["paths"]!["/api/v1/remediation/events"]!["get"]!["responses"]!["503"]);
        Assert.NotNull(document["paths"]!["/api/v1/setup/mode"]!["post"]!["responses"]!["503"]);
        Assert.Null(document["paths"]!["/api/v1/health"]!["get"]!["responses"]!["503"]);
    }

    [Fact]
    public async Task DocsPage_IsSelfContainedAndReadsTheDocumentBesideIt()
    {
        var functions = new OpenApiFunctions();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var services = new ServiceCollection().AddLogging();
        services.AddMvcCore();
        context.RequestServices = services.BuildServiceProvider();

        var page = await HostedFunction.RunAsync(context.Request, functions.GetDocs(context.Request));

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("/openapi.json", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page.Text, StringComparison.Ordinal);
    }
}
