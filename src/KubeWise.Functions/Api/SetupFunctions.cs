using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The remediation mode (MANUAL is the emergency brake for every running workflow) and the effective configuration.</summary>
public sealed class SetupFunctions(SetupHandler handler)
{
    public const string GetModeName = "GetMode";
    public const string SetModeName = "SetMode";
    public const string ConfigName = "GetConfig";

    [Function(GetModeName)]
    [ApiDoc("The remediation mode in force (AUTO or MANUAL) and who set it")]
    public Task<IActionResult> GetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetModeAsync(cancellationToken));

    [Function(SetModeName)]
    [ApiDoc("Set the remediation mode; MANUAL brakes every running remediation before its next step", Body = ApiDocBody.Mode)]
    public Task<IActionResult> SetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.SetModeAsync(FunctionReply.Request(req), cancellationToken));

    [Function(ConfigName)]
    [ApiDoc("Every seed setting's effective value (secrets masked)")]
    public IActionResult GetConfig(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupConfig)] HttpRequest req) =>
        FunctionReply.Of(handler.GetConfig());
}
