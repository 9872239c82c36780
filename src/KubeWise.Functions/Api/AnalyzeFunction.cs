using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The seed's manual analysis of a stored anomaly; the event is not changed.</summary>
public sealed class AnalyzeFunction(AnalyzeHandler handler)
{
    public const string Name = ApiOperations.AnalyzeAnomaly;

    [Function(Name)]
    public Task<IActionResult> AnalyzeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Analyze)] HttpRequest req,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.AnalyzeAsync(id, cancellationToken));
}
