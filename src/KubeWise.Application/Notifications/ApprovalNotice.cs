using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Application.Notifications;

/// <summary>What a person is told about an event; also the generic webhook payload.</summary>
public sealed record ApprovalNotice
{
    /// <summary>
    /// The notice's id, the same on every delivery of it (also the <c>X-KubeWise-Notice-Id</c> header): notices are
    /// delivered at least once, so a receiver drops an id it has seen.
    /// </summary>
    [JsonPropertyName("notice_id")]
    public string NoticeId { get; init; } = "";

    /// <summary><c>awaiting_approval</c>, <c>resolved</c>, <c>remediation_failed</c>, <c>rejected</c> or <c>expired</c>.</summary>
    [JsonPropertyName("notification")]
    public required string Kind { get; init; }

    [JsonPropertyName("anomaly_id")]
    public required string AnomalyId { get; init; }

    [JsonPropertyName("status")]
    public required AnomalyStatus Status { get; init; }

    [JsonPropertyName("entity")]
    public required string Entity { get; init; }

    [JsonPropertyName("severity")]
    public string? Severity { get; init; }

    [JsonPropertyName("summary")]
    public required string Summary { get; init; }

    [JsonPropertyName("suggested_remediation_commands")]
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>Who decided, or what the workflow said last.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; init; }

    [JsonPropertyName("event_url")]
    public required string EventUrl { get; init; }

    /// <summary>The incident page of the dashboard (<c>{Api:PublicBaseUrl}/api/v1/dashboard#/events/{id}</c>), to open in a browser.</summary>
    [JsonPropertyName("page_url")]
    public required string PageUrl { get; init; }

    /// <summary>POST here (with a function key) to approve; only while awaiting approval.</summary>
    [JsonPropertyName("approve_url")]
    public string? ApproveUrl { get; init; }

    [JsonPropertyName("reject_url")]
    public string? RejectUrl { get; init; }

    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }
}
