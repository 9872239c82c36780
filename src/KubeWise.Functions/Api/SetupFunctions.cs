using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The remediation mode (MANUAL is the emergency brake for every running workflow) and the effective configuration.</summary>
public sealed class SetupFunctions(SetupHandler handler)
{
    public const string GetModeName = ApiOperations.GetMode;
    public const string SetModeName = ApiOperations.SetMode;
    public const string ConfigName = ApiOperations.GetConfig;

    [Function(GetModeName)]
    public Task<IActionResult> GetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetModeAsync(cancellationToken));

    [Function(SetModeName)]
    public Task<IActionResult> SetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.SetModeAsync(FunctionReply.Request(req), cancellationToken));

    [Function(ConfigName)]
    public IActionResult GetConfig(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupConfig)] HttpRequest req) =>
        FunctionReply.Of(handler.GetConfig());
}
