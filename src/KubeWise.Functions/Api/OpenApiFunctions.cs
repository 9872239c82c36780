using System.Reflection;
using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The OpenAPI document and a small self-contained page to read and try the API (no CDN, no scripts from elsewhere).</summary>
public sealed class OpenApiFunctions
{
    public const string DocumentName = "OpenApiDocument";
    public const string DocsName = "ApiDocs";

    [Function(DocumentName)]
    [ApiDoc("This OpenAPI 3 document")]
    public IActionResult GetDocument(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.OpenApi)] HttpRequest req) =>
        new ContentResult
        {
            Content = OpenApiDocument.Build(Version).ToJsonString(),
            ContentType = "application/json",
            StatusCode = StatusCodes.Status200OK,
        };

    [Function(DocsName)]
    [ApiDoc("Interactive API documentation (HTML)", Produces = "text/html")]
    public IActionResult GetDocs(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Docs)] HttpRequest req) =>
        new ContentResult { Content = DocsPage.Html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };

    private static string Version =>
        typeof(OpenApiFunctions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
