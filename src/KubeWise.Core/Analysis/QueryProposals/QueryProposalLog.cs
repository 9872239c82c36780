using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Analysis.QueryProposals;

internal static partial class QueryProposalLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "AI-proposed query {Id} accepted: {Expression} ({Reason})")]
    public static partial void Accepted(ILogger logger, string id, string expression, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "AI-proposed query {Id} rejected: {Expression} ({Reason})")]
    public static partial void Rejected(ILogger logger, string id, string expression, string reason);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "No AI query proposals this round: {Reason}")]
    public static partial void Skipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Information, Message = "{Count} accepted AI-proposed query(ies) restored into the catalog from the store")]
    public static partial void Restored(ILogger logger, int count);
}
