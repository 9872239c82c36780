using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The seed's health probe; anonymous (it names no workload).</summary>
public sealed class HealthFunction(HealthHandler handler)
{
    public const string Name = ApiOperations.Health;

    [Function(Name)]
    public Task<IActionResult> CheckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.CheckAsync(cancellationToken));
}
