using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Notifications;

internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Notification queue full: dropped the {Kind} notice of event {AnomalyId}")]
    public static partial void Dropped(ILogger logger, string anomalyId, string kind);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Notified {Webhook} ({Format}) that event {AnomalyId} is {Kind}")]
    public static partial void Delivered(ILogger logger, string webhook, WebhookFormat format, string anomalyId, string kind);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Could not notify {Webhook} that event {AnomalyId} is {Kind}: {Reason}")]
    public static partial void Failed(ILogger logger, string webhook, string anomalyId, string kind, string reason);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Could not build the {Status} notice of event {AnomalyId}: {Reason}")]
    public static partial void NotQueued(ILogger logger, string anomalyId, string status, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "The notification queue in the store cannot be reached ({Reason}); pending notices are delivered once it answers")]
    public static partial void QueueUnavailable(ILogger logger, string reason);
}
