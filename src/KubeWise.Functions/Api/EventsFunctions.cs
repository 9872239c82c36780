using KubeWise.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>Anomaly events: the list with the seed's filters plus paging, and one event in full.</summary>
public sealed class EventsFunctions(IEventStore store, ApprovalGateway gateway)
{
    public const string ListName = "ListEvents";
    public const string GetName = "GetEvent";

    [Function(ListName)]
    [ApiDoc("List anomaly events, newest first, with optional filters and paging",
        Query = ["status", "namespace", "entity_id", "entity_type", "from", "to", "skip", "limit"])]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Events)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        EventQuery query;
        try
        {
            query = EventQueryParser.Parse(name => req.Query.TryGetValue(name, out var v) ? v.ToString() : null);
        }
        catch (ArgumentException e)
        {
            return ApiResults.Invalid(e.ParamName ?? "query", e.Message);
        }

        try
        {
            var page = await store.ListAsync(query, cancellationToken);
            return ApiResults.Ok(new { events = page.Items, total = page.Total, skip = page.Skip, limit = page.Limit });
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiResults.Unavailable($"The event store is unavailable: {e.Message}");
        }
    }

    [Function(GetName)]
    [ApiDoc("One anomaly event with its analysis, decisions, attempts, verification and audit trail")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Event)] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var (anomaly, error) = await gateway.FindAsync(id, cancellationToken);
        return anomaly is null ? error! : ApiResults.Ok(anomaly);
    }
}
