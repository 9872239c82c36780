using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Core.Events;

namespace KubeWise.Application.Notifications;

/// <summary>Builds notices from events and renders them for each webhook format.</summary>
public static class NoticeFormatter
{
    /// <summary>The statuses people are told about, and the notice kind of each.</summary>
    public static IReadOnlyDictionary<AnomalyStatus, string> Notified { get; } = new Dictionary<AnomalyStatus, string>
    {
        [AnomalyStatus.AwaitingApproval] = "awaiting_approval",
        [AnomalyStatus.Resolved] = "resolved",
        [AnomalyStatus.RemediationFailed] = "remediation_failed",
        [AnomalyStatus.Rejected] = "rejected",
        [AnomalyStatus.Expired] = "expired",
    };

    public static ApprovalNotice Create(AnomalyEvent anomaly, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var root = (baseUrl ?? string.Empty).TrimEnd('/');
        var awaiting = anomaly.Status == AnomalyStatus.AwaitingApproval;
        var entity = anomaly.Entity.ToString();
        return new ApprovalNotice
        {
            // One status change of one event: the same id however often it is delivered.
            NoticeId = $"{anomaly.AnomalyId}:{anomaly.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            Kind = Notified.TryGetValue(anomaly.Status, out var kind) ? kind : anomaly.Status.ToString(),
            AnomalyId = anomaly.AnomalyId,
            Status = anomaly.Status,
            Entity = entity,
            Severity = anomaly.AiAnalysis?.Severity,
            Summary = anomaly.AiAnalysis?.RootCause ?? anomaly.Evidence.FirstOrDefault()?.Message ?? "Anomalous metrics.",
            Commands = anomaly.SuggestedRemediationCommands,
            Detail = anomaly.AuditTrail.LastOrDefault()?.Comment,
            EventUrl = root + Routes.For(Routes.Event, anomaly.AnomalyId),
            PageUrl = DashboardHandler.IncidentLink(baseUrl, anomaly.AnomalyId),
            ApproveUrl = awaiting ? root + Routes.For(Routes.Approve, anomaly.AnomalyId) : null,
            RejectUrl = awaiting ? root + Routes.For(Routes.Reject, anomaly.AnomalyId) : null,
            At = anomaly.UpdatedAt,
        };
    }

    public static JsonNode Render(ApprovalNotice notice, WebhookFormat format) => format switch
    {
        WebhookFormat.Slack => Slack(notice),
        WebhookFormat.Teams => Teams(notice),
        _ => JsonSerializer.SerializeToNode(notice, EventJson.Options)!,
    };

    private static string Headline(ApprovalNotice n) => n.Kind switch
    {
        "awaiting_approval" => $"KubeWise: a fix for {n.Entity} awaits approval",
        "resolved" => $"KubeWise: {n.Entity} is resolved",
        "remediation_failed" => $"KubeWise: remediation of {n.Entity} failed",
        "rejected" => $"KubeWise: the fix for {n.Entity} was rejected",
        "expired" => $"KubeWise: the approval for {n.Entity} expired",
        _ => $"KubeWise: {n.Entity} is {n.Status}",
    };

    private static IEnumerable<string> Lines(ApprovalNotice n)
    {
        yield return $"{(n.Severity is null ? string.Empty : $"[{n.Severity}] ")}{n.Summary}";
        foreach (var command in n.Commands)
        {
            yield return $"• {command}";
        }

        if (n.Detail is { Length: > 0 })
        {
            yield return n.Detail;
        }

        if (n.ApproveUrl is not null)
        {
            yield return $"Approve: POST {n.ApproveUrl}";
            yield return $"Reject: POST {n.RejectUrl}";
        }

        yield return $"Incident page: {n.PageUrl}";
        yield return $"Event: {n.EventUrl} (anomaly_id {n.AnomalyId})";
    }

    private static JsonObject Slack(ApprovalNotice n)
    {
        var headline = Headline(n);
        var body = string.Join("\n", Lines(n));
        return new JsonObject
        {
            ["text"] = $"{headline}\n{body}",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(headline, 150) } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Truncate(body, 3000) } }),
        };
    }

    private static JsonObject Teams(ApprovalNotice n)
    {
        var facts = new JsonArray(
            new JsonObject { ["title"] = "Entity", ["value"] = n.Entity },
            new JsonObject { ["title"] = "Status", ["value"] = n.Status.ToString() },
            new JsonObject { ["title"] = "anomaly_id", ["value"] = n.AnomalyId });
        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["size"] = "Medium", ["weight"] = "Bolder", ["wrap"] = true, ["text"] = Headline(n) },
            new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        foreach (var line in Lines(n))
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = line });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = body,
                    ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open incident", ["url"] = n.PageUrl }),
                },
            }),
        };
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
