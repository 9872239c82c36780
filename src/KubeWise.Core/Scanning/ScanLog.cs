using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Scanning;

internal static partial class ScanLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Scan query {QueryId} failed, the cycle goes on without it: {Reason}")]
    public static partial void QueryFailed(ILogger logger, string queryId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Scan cycle at {At} failed: {Reason}")]
    public static partial void CycleFailed(ILogger logger, DateTimeOffset at, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Trained the {EntityType} model from {Rows} metric blocks of history ({Lookback}) and saved it to {Location}")]
    public static partial void ModelTrained(ILogger logger, string entityType, int rows, TimeSpan lookback, string location);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "No {EntityType} model: {Reason}; the detectors alone judge these entities")]
    public static partial void ModelUnavailable(ILogger logger, string entityType, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Scan cycle at {At}: {Entities} entities, {Anomalies} anomalies, {Requests} requests, {Degraded} degraded item(s)")]
    public static partial void CycleCompleted(ILogger logger, DateTimeOffset at, int entities, int anomalies, int requests, int degraded);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "{EntityType} model refused: {Reason}")]
    public static partial void ModelRefused(ILogger logger, string entityType, string reason);
}
