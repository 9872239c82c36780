using KubeWise.Application.Api;
using KubeWise.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KubeWise.Functions.Api;

/// <summary>
/// Every answer of the API: JSON with the seed's snake_case names (<see cref="EventJson.Options"/>), and errors as
/// RFC 9457 problem details (<c>application/problem+json</c>) whose <c>detail</c> says what to change.
/// </summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static JsonResult Ok(object value) => Json(value, StatusCodes.Status200OK);

    public static JsonResult Json(object value, int status) => new(value, EventJson.Options) { StatusCode = status };

    /// <summary>202 with a <c>Location</c> to poll; the header is set on the response when the result runs.</summary>
    public static IActionResult Accepted(object value, string location) => new AcceptedJsonResult(value, location);

    public static JsonResult Problem(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var problem = errors is { Count: > 0 }
            ? new ValidationProblemDetails(errors) { Title = title, Detail = detail, Status = status }
            : new ProblemDetails { Title = title, Detail = detail, Status = status };
        problem.Type = $"https://httpstatuses.io/{status}";
        return new JsonResult(problem, EventJson.Options) { StatusCode = status, ContentType = ProblemContentType };
    }

    public static JsonResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(StatusCodes.Status400BadRequest, "The request is invalid.", detail, errors);

    public static JsonResult Invalid(string field, string message) =>
        BadRequest(message, new Dictionary<string, string[]> { [field] = [message] });

    public static JsonResult NotFound(string id) =>
        Problem(StatusCodes.Status404NotFound, "No such anomaly event.", $"No anomaly event has anomaly_id '{Shorten(id)}'.");

    public static JsonResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "The event is not in a state that allows this.", detail);

    public static JsonResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"Bodies are limited to {limit} bytes.");

    public static JsonResult Unavailable(string detail) =>
        Problem(StatusCodes.Status503ServiceUnavailable, "A dependency is unavailable; retry later.", detail);

    /// <summary>Echoing caller text back is useful, but never all of a megabyte of it.</summary>
    public static string Shorten(string? value) =>
        value is null ? "(null)" : value.Length > 80 ? value[..80] + "…" : value;

    private sealed class AcceptedJsonResult(object value, string location) : IActionResult
    {
        public object Value { get; } = value;

        public string Location { get; } = location;

        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.Headers.Location = Location;
            return Json(Value, StatusCodes.Status202Accepted).ExecuteResultAsync(context);
        }
    }
}
