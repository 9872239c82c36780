using KubeWise.Core.Analysis;
using KubeWise.Core.Events;
using KubeWise.Core.Investigation;
using KubeWise.Core.Kubernetes;

namespace KubeWise.Application.Api;

/// <summary>
/// The seed's manual analysis: asks the analyzer (Gemini, or the rule analyzer) again about a stored event, with fresh
/// cluster facts. It answers the new opinion and changes nothing: the event's suggestion is what its workflow may run,
/// so a second opinion must not replace it behind an approver's back.
/// </summary>
public sealed class AnalyzeHandler(EventLookup lookup, IAnomalyAnalyzer analyzer, IncidentFactsReader facts)
{
    public async Task<ApiReply<AnalysisReply>> AnalyzeAsync(string? id, CancellationToken ct)
    {
        var (anomaly, problem) = await lookup.FindAsync(id, ct).ConfigureAwait(false);
        if (anomaly is null)
        {
            return problem!;
        }

        (LiveFacts? Live, EntityFacts Entity) known;
        try
        {
            known = await facts.ReadAsync(anomaly, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KubernetesApiException or KubernetesNotConfiguredException or HttpRequestException)
        {
            known = (null, EntityFacts.None);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            // The recent remediations (for the rate and storm limits) could not be read from the store.
            return ApiProblem.Unavailable(e.Message);
        }

        var result = await analyzer.AnalyzeAsync(
            new AnalysisRequest(IncidentBriefing.Input(anomaly), known.Entity, anomaly.Analyzer?.TotalTokens ?? 0, known.Live), ct).ConfigureAwait(false);
        return new AnalysisReply(
            anomaly.AnomalyId,
            new AnalysisOpinion(result.RootCause, result.Severity.ToString().ToUpperInvariant(), result.Description, result.Confidence),
            [.. result.Commands.Select(c => c.Command).Concat(result.Suggestions)],
            [.. result.Commands.Where(c => !c.SuggestionOnly).Select(c => c.Command)],
            [.. result.Dropped.Select(d => new DroppedSuggestion(d.Proposal, d.Reason))],
            new AnalyzerUsed(result.Backend.ToString().ToLowerInvariant(), result.Model, result.Usage.TotalTokens),
            result.FallbackReason);
    }
}
