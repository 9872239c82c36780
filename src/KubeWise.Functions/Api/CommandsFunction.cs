using KubeWise.Core.Remediation.Catalog;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The closed catalog of operations KubeWise can run (built-in and configured custom ones).</summary>
public sealed class CommandsFunction(RemediationCatalog catalog)
{
    public const string Name = "ListCommands";

    [Function(Name)]
    [ApiDoc("The remediation commands KubeWise can run, with their parameters and examples")]
    public IActionResult List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Commands)] HttpRequest req) =>
        ApiResults.Ok(new { commands = catalog.Listing() });
}
