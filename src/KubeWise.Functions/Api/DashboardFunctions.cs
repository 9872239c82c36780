using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>
/// The dashboard's page shell, script and style: anonymous, since they hold no data (every data call the page makes
/// carries the function key). Served with the handler's Content-Security-Policy.
/// </summary>
public sealed class DashboardFunctions(DashboardHandler handler)
{
    public const string PageName = ApiOperations.Dashboard;
    public const string ScriptName = ApiOperations.DashboardScript;
    public const string StyleName = ApiOperations.DashboardStyle;

    [Function(PageName)]
    public IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Dashboard)] HttpRequest req) =>
        FunctionReply.Of(handler.Page());

    [Function(ScriptName)]
    public IActionResult Script(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DashboardScript)] HttpRequest req) =>
        FunctionReply.Of(handler.Script());

    [Function(StyleName)]
    public IActionResult Style(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DashboardStyle)] HttpRequest req) =>
        FunctionReply.Of(handler.Style());
}
