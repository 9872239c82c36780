using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Analysis;

internal static partial class AnalysisLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "Gemini {Model} answered: {PromptTokens} prompt + {CandidatesTokens} answer = {TotalTokens} tokens")]
    public static partial void GeminiAnswered(ILogger logger, string model, int promptTokens, int candidatesTokens, int totalTokens);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning,
        Message = "Rule analyzer answers for {AnomalyId} instead of Gemini: {Reason}")]
    public static partial void FellBackToRules(ILogger logger, string anomalyId, string reason);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning,
        Message = "Dropped proposal for {AnomalyId} from {Backend}: {Proposal} ({Reason})")]
    public static partial void ProposalDropped(ILogger logger, string anomalyId, AnalysisBackend backend, string proposal, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information,
        Message = "Analysis of {AnomalyId} by {Backend}: {Severity}, {Accepted} command(s) kept, {Dropped} dropped")]
    public static partial void Analysed(ILogger logger, string anomalyId, AnalysisBackend backend, Severity severity, int accepted, int dropped);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Warning,
        Message = "Rule verifier answers for {AnomalyId} instead of Gemini: {Reason}")]
    public static partial void VerificationFellBackToRules(ILogger logger, string anomalyId, string reason);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information,
        Message = "Verification of {AnomalyId} by {Backend}: resolved={Resolved}")]
    public static partial void Verified(ILogger logger, string anomalyId, AnalysisBackend backend, bool resolved);
}
