using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Orchestrations;

internal static partial class WorkflowLog
{
    [LoggerMessage(EventId = 11001, Level = LogLevel.Information, Message = "Event {AnomalyId} analysed: {Commands} command(s) may be applied; {Summary}")]
    public static partial void Analysed(ILogger logger, string anomalyId, int commands, string summary);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Information, Message = "Event {AnomalyId} awaits approval: raise {EventName} before {ExpiresAt:o}")]
    public static partial void AwaitingApproval(ILogger logger, string anomalyId, string eventName, DateTime expiresAt);

    [LoggerMessage(EventId = 11003, Level = LogLevel.Warning, Message = "Event {AnomalyId}: the mode was switched to MANUAL mid-flight; execution stops until a person approves")]
    public static partial void Braked(ILogger logger, string anomalyId);

    [LoggerMessage(EventId = 11004, Level = LogLevel.Warning, Message = "Event {AnomalyId}: re-validation refused {Command}: {Reason}")]
    public static partial void Refused(ILogger logger, string anomalyId, string command, string reason);

    [LoggerMessage(EventId = 11005, Level = LogLevel.Information, Message = "Event {AnomalyId}: {Command} -> {Status}: {Message}")]
    public static partial void Executed(ILogger logger, string anomalyId, string command, string status, string message);

    [LoggerMessage(EventId = 11006, Level = LogLevel.Information, Message = "Event {AnomalyId} verified: resolved={Resolved}; {Summary}")]
    public static partial void Verified(ILogger logger, string anomalyId, bool resolved, string summary);

    [LoggerMessage(EventId = 11007, Level = LogLevel.Warning, Message = "Event {AnomalyId} rolled back: {Outcome}; {Detail}")]
    public static partial void RolledBack(ILogger logger, string anomalyId, string outcome, string detail);

    [LoggerMessage(EventId = 11009, Level = LogLevel.Error, Message = "Event {AnomalyId}: remediation aborted: {Reason}")]
    public static partial void Aborted(ILogger logger, string anomalyId, string reason);

    [LoggerMessage(EventId = 11010, Level = LogLevel.Warning, Message = "Event {AnomalyId}: the remediation mode could not be read ({Reason}); acting as MANUAL")]
    public static partial void ModeUnknown(ILogger logger, string anomalyId, string reason);

    [LoggerMessage(EventId = 11008, Level = LogLevel.Information, Message = "Event {AnomalyId} ended {Stage}: {Summary}")]
    public static partial void Ended(ILogger logger, string anomalyId, RemediationStage stage, string summary);
}
