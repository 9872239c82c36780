using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Remediation.Execution;

internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Executing {Command} for anomaly {AnomalyId} on {Target}")]
    public static partial void LogExecuting(this ILogger logger, string command, string anomalyId, string target);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "{Command} for anomaly {AnomalyId}: {Status} ({Message})")]
    public static partial void LogExecuted(this ILogger logger, string command, string anomalyId, string status, string message);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Attempt {Attempt} of {Command} ended with {Code} {Reason}; re-reading and retrying in {Delay}")]
    public static partial void LogRetrying(this ILogger logger, int attempt, string command, int code, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Could not record a Kubernetes Event on {Target}: {Error}")]
    public static partial void LogEventFailed(this ILogger logger, string target, string error);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Rolling back {Target} to revision {Revision}")]
    public static partial void LogRollbackTarget(this ILogger logger, string target, long revision);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Rollback of {Command} on {Target}: {Status} ({Message})")]
    public static partial void LogRolledBack(this ILogger logger, string command, string target, string status, string message);
}
