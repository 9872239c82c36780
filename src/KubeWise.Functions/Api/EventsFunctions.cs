using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>Anomaly events: the list with the seed's filters plus paging, and one event in full.</summary>
public sealed class EventsFunctions(EventsHandler handler)
{
    public const string ListName = ApiOperations.ListEvents;
    public const string GetName = ApiOperations.GetEvent;
    public const string SeriesName = ApiOperations.GetEventSeries;
    public const string SentName = ApiOperations.GetEventSent;

    [Function(ListName)]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Events)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.ListAsync(FunctionReply.Request(req), cancellationToken));

    [Function(GetName)]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Event)] HttpRequest req,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetAsync(id, cancellationToken));

    [Function(SeriesName)]
    public Task<IActionResult> GetSeriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.EventSeries)] HttpRequest req,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetSeriesAsync(id, cancellationToken));

    [Function(SentName)]
    public Task<IActionResult> SentAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.EventSent)] HttpRequest req,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.SentAsync(id, cancellationToken));
}
