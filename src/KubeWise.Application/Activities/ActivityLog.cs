using KubeWise.Core.Events;
using KubeWise.Application.Orchestrations;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Activities;

internal static partial class ActivityLog
{
    [LoggerMessage(EventId = 11101, Level = LogLevel.Information, Message = "Event {AnomalyId}: stage {Stage} not recorded, the event is {Status} and cannot move there")]
    public static partial void StageNotRecorded(ILogger logger, string anomalyId, RemediationStage stage, AnomalyStatus status);

    [LoggerMessage(EventId = 11102, Level = LogLevel.Warning, Message = "Event {AnomalyId}: live cluster facts could not be read for analysis ({Reason}); proposals will be advice only")]
    public static partial void NoLiveFacts(ILogger logger, string anomalyId, string reason);

    [LoggerMessage(EventId = 11103, Level = LogLevel.Information, Message = "Event {AnomalyId}: stage {Stage} (occurrence {Occurrence}) is already recorded and the event has moved on to {Status}; a repeated run of the step changes nothing")]
    public static partial void StageAlreadyRecorded(ILogger logger, string anomalyId, RemediationStage stage, int occurrence, AnomalyStatus status);
}
