using System.Text.Json.Nodes;
using KubeWise.Run;
using KubeWise.Run.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace KubeWise.Functions.Tests.Hosting;

/// <summary>
/// The two hosts serve one API: the HTTP functions in <c>functions.metadata</c> and the endpoints <c>kubewise run</c>
/// maps have the same names, routes, methods and auth levels.
/// </summary>
public sealed class HostParityTests
{
    [Fact]
    public async Task KubeWiseRun_MapsExactlyTheRoutesMethodsAndAuthLevelsOfTheHttpFunctions()
    {
        var functions = JsonNode.Parse(File.ReadAllText(FunctionsOutput.Combine("functions.metadata")))!.AsArray()
            .SelectMany(f => f!["bindings"]!.AsArray()
                .Where(b => b!["type"]!.GetValue<string>() == "httpTrigger")
                .SelectMany(b => b!["methods"]!.AsArray().Select(m => Row(
                    f["name"]!.GetValue<string>(),
                    "/api/" + b["route"]!.GetValue<string>(),
                    m!.GetValue<string>(),
                    b["authLevel"]!.GetValue<string>()))))
            .Order(StringComparer.Ordinal)
            .ToList();
        var folder = Directory.CreateTempSubdirectory("kw-parity-").FullName;
        await using var app = KubeWiseRunHost.Build(
            new Dictionary<string, string?> { ["Run:Durable:Backend"] = "InMemory", ["LiteDb:FilePath"] = Path.Combine(folder, "kubewise.db") },
            logging => logging.ClearProviders());

        var run = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiAuthLevel>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => Row(
                e.Metadata.GetMetadata<EndpointNameMetadata>()!.EndpointName,
                e.RoutePattern.RawText!,
                m,
                e.Metadata.GetMetadata<ApiAuthLevel>()!.Level)))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(22, functions.Count);
        Assert.Equal(functions, run);
    }

    private static string Row(string name, string route, string method, string authLevel) =>
        $"{name} {method.ToUpperInvariant()} {route} {authLevel.ToLowerInvariant()}";
}
