using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Explain;

internal static partial class ExplainLog
{
    [LoggerMessage(EventId = 15001, Level = LogLevel.Information, Message = "Dry run of {Command} for anomaly {AnomalyId}: {Outcome} ({Message})")]
    public static partial void DryRun(ILogger logger, string command, string anomalyId, string outcome, string message);

    [LoggerMessage(EventId = 15002, Level = LogLevel.Warning, Message = "No cluster facts for {Entity}; verdicts are provisional: {Reason}")]
    public static partial void NoClusterFacts(ILogger logger, string entity, string reason);
}
