using System.Text.Json.Serialization;

namespace KubeWise.Application.Api;

/// <summary>
/// An error answer as RFC 9457 problem details (<c>application/problem+json</c>): <see cref="Detail"/> says what to
/// change, <see cref="Errors"/> names the fields at fault.
/// </summary>
public sealed record ApiProblem
{
    public const string ContentType = "application/problem+json";

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    [JsonPropertyName("status")]
    public required int Status { get; init; }

    [JsonPropertyName("detail")]
    public required string Detail { get; init; }

    /// <summary>Field (or header, or query parameter) → what is wrong with it; absent when no field is at fault.</summary>
    [JsonPropertyName("errors")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>
    /// On a 409 for a decision: the decision the event records (the one that won), who made it and when; absent when
    /// the event holds none (e.g. it expired).
    /// </summary>
    [JsonPropertyName("decision")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KubeWise.Core.Events.ApprovalDecision? Decision { get; init; }

    /// <summary>On a 409: the event's status when the request was refused.</summary>
    [JsonPropertyName("event_status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KubeWise.Core.Events.AnomalyStatus? EventStatus { get; init; }

    public static ApiProblem Of(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null) => new()
    {
        Type = $"https://httpstatuses.io/{status}",
        Title = title,
        Status = status,
        Detail = detail,
        Errors = errors is { Count: > 0 } ? errors : null,
    };

    public static ApiProblem BadRequest(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        Of(400, "The request is invalid.", detail, errors);

    /// <summary>A 400 naming the one field at fault.</summary>
    public static ApiProblem Invalid(string field, string message) =>
        BadRequest(message, new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblem NotFound(string id) =>
        Of(404, "No such anomaly event.", $"No anomaly event has anomaly_id '{Shorten(id)}'.");

    public static ApiProblem Conflict(string detail) =>
        Of(409, "The event is not in a state that allows this.", detail);

    /// <summary>
    /// A 409 for a decision on an event that no longer awaits one: the event's status and, when it records one, the
    /// decision that was made (so a caller who lost a race learns who won, what they decided and when).
    /// </summary>
    public static ApiProblem Decided(KubeWise.Core.Events.AnomalyEvent anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var winner = anomaly.ApprovalDecisions.Count > 0 ? anomaly.ApprovalDecisions[^1] : null;
        var detail = winner is null
            ? $"Event {anomaly.AnomalyId} is {anomaly.Status}; only an event in AwaitingApproval can be approved, rejected or remediated."
            : $"Event {anomaly.AnomalyId} is {anomaly.Status}: already {winner.Decision.ToString().ToLowerInvariant()} by {winner.By} at {winner.At.UtcDateTime:O}; only an event in AwaitingApproval can be approved, rejected or remediated.";
        return Conflict(detail) with { Decision = winner, EventStatus = anomaly.Status };
    }

    public static ApiProblem TooLarge(int limit) =>
        Of(413, "The request body is too large.", $"Bodies are limited to {limit} bytes.");

    public static ApiProblem UnsupportedMediaType(string type) =>
        Of(415, "Unsupported media type.", $"Send the body as application/json, not '{Shorten(type)}'.");

    public static ApiProblem Unavailable(string detail) =>
        Of(503, "A dependency is unavailable; retry later.", detail);

    /// <summary>Echoing caller text back is useful, but never all of a megabyte of it.</summary>
    public static string Shorten(string? value) =>
        value is null ? "(null)" : value.Length > 80 ? value[..80] + "…" : value;
}
