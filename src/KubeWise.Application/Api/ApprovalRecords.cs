using System.ComponentModel;
using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>The optional body of approve and reject.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DecisionRequest
{
    public const int MaxComment = 2000;
    public const int MaxCommands = 20;

    [JsonPropertyName("comment")]
    [Description("Why; recorded with the decision.")]
    public string? Comment { get; init; }

    [JsonPropertyName("commands")]
    [Description("Approve only these suggested commands (default: all).")]
    public IReadOnlyList<string>? Commands { get; init; }

    public static (DecisionRequest? Request, ApiProblem? Problem) Read(JsonBody body, int maxCommandLength)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.RejectUnknown<DecisionRequest>() is { } unknown)
        {
            return (null, unknown);
        }

        return body.TryGetString("comment", MaxComment, out var comment, out var problem)
            && body.TryGetStrings("commands", MaxCommands, maxCommandLength, out var commands, out problem)
            ? (new DecisionRequest { Comment = comment, Commands = commands }, null)
            : (null, problem);
    }
}

/// <summary>The seed's body of <c>POST …/remediate</c>: <c>{"command": "restart_deployment name=web ns=shop"}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RemediateRequest
{
    [JsonPropertyName("command")]
    [Description("One of the event's suggested_remediation_commands.")]
    public required string Command { get; init; }

    public static (RemediateRequest? Request, ApiProblem? Problem) Read(JsonBody body, int maxCommandLength)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.RejectUnknown<RemediateRequest>() is { } unknown)
        {
            return (null, unknown);
        }

        if (!body.TryGetString("command", maxCommandLength, out var command, out var problem))
        {
            return (null, problem);
        }

        return string.IsNullOrWhiteSpace(command)
            ? (null, ApiProblem.Invalid("command", "command is required: one of the event's suggested_remediation_commands."))
            : (new RemediateRequest { Command = command.Trim() }, null);
    }
}

/// <summary>The answer to approve and reject: recorded (200), or delivered and not yet recorded (202).</summary>
public sealed record DecisionReply(
    [property: JsonPropertyName("status"), Description("recorded, or accepted while the workflow has not recorded it yet")] string Status,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("by")] string By,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("commands")] IReadOnlyList<string> Commands,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("event_status")] AnomalyStatus EventStatus,
    [property: JsonPropertyName("approval_event")] string ApprovalEvent);

/// <summary>The seed's remediate answer once the command ran or the workflow ended without running it.</summary>
public sealed record RemediateReply(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("approved_by")] string ApprovedBy,
    [property: JsonPropertyName("result")] RemediateResult Result);

/// <summary>What became of the command: <see cref="ExecutedResult"/> or <see cref="NotExecutedResult"/>.</summary>
[JsonDerivedType(typeof(ExecutedResult))]
[JsonDerivedType(typeof(NotExecutedResult))]
public abstract record RemediateResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("timestamp")] DateTimeOffset? Timestamp);

public sealed record ExecutedResult(
    string Status,
    DateTimeOffset? Timestamp,
    [property: JsonPropertyName("executed")] string Executed,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("api_status_code")] int? ApiStatusCode)
    : RemediateResult(Status, Timestamp);

public sealed record NotExecutedResult(
    DateTimeOffset? Timestamp,
    [property: JsonPropertyName("event_status")] AnomalyStatus EventStatus)
    : RemediateResult("not_executed", Timestamp);

/// <summary>The remediate answer when the command is queued but has not run within the wait: poll <see cref="Location"/>.</summary>
public sealed record RemediateAccepted(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("event_status")] AnomalyStatus EventStatus,
    [property: JsonPropertyName("location")] string Location);
