using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Metrics;

internal static partial class MetricsLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Prometheus answered {Endpoint} for '{Query}' with {Count} warning(s), the data may be partial: {FirstWarning}")]
    public static partial void AnswerHasWarnings(ILogger logger, string endpoint, string? query, int count, string firstWarning);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Prometheus call {Endpoint} for '{Query}' failed ({ErrorType}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string endpoint, string? query, string errorType, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Retrying Prometheus call {Endpoint} in {Delay} (attempt {Attempt}): {Outcome}")]
    public static partial void Retrying(ILogger logger, string? endpoint, TimeSpan delay, int attempt, string outcome);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Prometheus listed more than the limit of {Limit} for {Endpoint} '{Query}'; kept the first {Limit}")]
    public static partial void ListTruncated(ILogger logger, string endpoint, string? query, int limit);
}
