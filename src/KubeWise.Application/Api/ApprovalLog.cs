using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Api;

internal static partial class ApprovalLog
{
    [LoggerMessage(EventId = 11301, Level = LogLevel.Warning, Message = "The decision recorded on the event could not be raised into {InstanceId} as {EventName} ({Reason}); the timer's reconciler raises it again")]
    public static partial void RaiseFailed(ILogger logger, string instanceId, string eventName, string reason);
}
