using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>Anomaly events: the list with the seed's filters plus paging, and one event in full.</summary>
public sealed class EventsFunctions(EventsHandler handler)
{
    public const string ListName = "ListEvents";
    public const string GetName = "GetEvent";

    [Function(ListName)]
    [ApiDoc("List anomaly events, newest first, with optional filters and paging",
        Query = ["status", "namespace", "entity_id", "entity_type", "from", "to", "skip", "limit"])]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Events)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.ListAsync(FunctionReply.Request(req), cancellationToken));

    [Function(GetName)]
    [ApiDoc("One anomaly event with its analysis, decisions, attempts, verification and audit trail")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Event)] HttpRequest req,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetAsync(id, cancellationToken));
}
