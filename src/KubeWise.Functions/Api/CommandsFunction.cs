using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The closed catalog of operations KubeWise can run (built-in and configured custom ones).</summary>
public sealed class CommandsFunction(CommandsHandler handler)
{
    public const string Name = ApiOperations.ListCommands;

    [Function(Name)]
    public IActionResult List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Commands)] HttpRequest req) =>
        FunctionReply.Of(handler.List());
}
