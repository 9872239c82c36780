using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Events;

internal static partial class Log
{
    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Event store unavailable during {Operation}")]
    public static partial void StoreUnavailable(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Purged {Count} resolved events older than {Days} days")]
    public static partial void ResolvedEventsPurged(ILogger logger, long count, int days);
}
