using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Workflows;

internal static partial class ScheduledWorkLog
{
    [LoggerMessage(EventId = 11201, Level = LogLevel.Warning, Message = "Scan cycle judged nothing: {Failure}")]
    public static partial void CycleFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 11202, Level = LogLevel.Information, Message = "Scan cycle: {Entities} entities, {Anomalies} anomalies; incidents: {Pending} pending, {Attached} continuing, {Started} started, {Closed} closed")]
    public static partial void CycleDone(ILogger logger, int entities, int anomalies, int pending, int attached, int started, int closed);

    [LoggerMessage(EventId = 11203, Level = LogLevel.Information, Message = "Started remediation {InstanceId} for incident {Incident} (event {AnomalyId})")]
    public static partial void Started(ILogger logger, string instanceId, string incident, string anomalyId);

    [LoggerMessage(EventId = 11204, Level = LogLevel.Information, Message = "Remediation {InstanceId} already exists; not started again")]
    public static partial void AlreadyStarted(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 11205, Level = LogLevel.Information, Message = "Query proposals: {Accepted} accepted, {Rejected} rejected (asked for {Types})")]
    public static partial void ProposalRoundDone(ILogger logger, int accepted, int rejected, string types);

    [LoggerMessage(EventId = 11206, Level = LogLevel.Warning, Message = "Query proposals: the stored decisions could not be read or written ({Reason}); trying again next tick")]
    public static partial void ProposalsStoreUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 11207, Level = LogLevel.Warning, Message = "Accepted AI queries could not be read from the store ({Reason}); scanning with the catalog as it is")]
    public static partial void AiQuerySyncFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 11208, Level = LogLevel.Warning, Message = "Event {AnomalyId} records a decision ({Decision} by {By}) its orchestration {InstanceId} still waits for; raised again as {EventName}")]
    public static partial void DecisionReraised(ILogger logger, string anomalyId, string decision, string by, string instanceId, string eventName);

    [LoggerMessage(EventId = 11209, Level = LogLevel.Warning, Message = "Recorded decisions could not be checked against their orchestrations ({Reason}); trying again next tick")]
    public static partial void ReconcileFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 11210, Level = LogLevel.Warning, Message = "Remediation {InstanceId} gave up while the event store was unreachable; the store answers again, so it starts again under the same id (event {AnomalyId} is {Status})")]
    public static partial void Restarted(ILogger logger, string instanceId, string anomalyId, string status);

    [LoggerMessage(EventId = 11211, Level = LogLevel.Warning, Message = "Remediation {InstanceId} gave up while the event store was unreachable; not started again: event {AnomalyId} is {Status}")]
    public static partial void NotRestarted(ILogger logger, string instanceId, string anomalyId, string status);

    [LoggerMessage(EventId = 11212, Level = LogLevel.Warning, Message = "Orchestrations that gave up during a store outage could not be restarted ({Reason}); trying again next tick")]
    public static partial void RestartFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 11213, Level = LogLevel.Warning, Message = "Events per status could not be counted for the kubewise_events gauge ({Reason}); counting again next tick")]
    public static partial void EventCountsFailed(ILogger logger, string reason);
}
