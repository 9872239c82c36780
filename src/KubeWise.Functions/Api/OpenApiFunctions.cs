using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The OpenAPI document and a small self-contained page to read and try the API (no CDN, no scripts from elsewhere).</summary>
public sealed class OpenApiFunctions(DocsHandler handler)
{
    public const string DocumentName = ApiOperations.OpenApiDocument;
    public const string DocsName = ApiOperations.ApiDocs;

    [Function(DocumentName)]
    public IActionResult GetDocument(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.OpenApi)] HttpRequest req) =>
        FunctionReply.Of(handler.GetDocument());

    [Function(DocsName)]
    public IActionResult GetDocs(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Docs)] HttpRequest req) =>
        FunctionReply.Of(handler.GetDocs());
}
