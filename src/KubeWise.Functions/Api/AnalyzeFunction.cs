using KubeWise.Core.Analysis;
using KubeWise.Core.Investigation;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>
/// The seed's manual analysis: asks the analyzer (Gemini, or the rule analyzer) again about a stored event, with fresh
/// cluster facts. It answers the new opinion and changes nothing: the event's suggestion is what its workflow may run,
/// so a second opinion must not replace it behind an approver's back.
/// </summary>
public sealed class AnalyzeFunction(ApprovalGateway gateway, IAnomalyAnalyzer analyzer, IncidentFactsReader facts)
{
    public const string Name = "AnalyzeAnomaly";

    [Function(Name)]
    [ApiDoc("Analyze a stored anomaly again (root cause, severity, commands); the event is not changed")]
    public async Task<IActionResult> AnalyzeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Analyze)] HttpRequest req,
        string id,
        CancellationToken cancellationToken)
    {
        var (anomaly, error) = await gateway.FindAsync(id, cancellationToken);
        if (anomaly is null)
        {
            return error!;
        }

        (LiveFacts? Live, EntityFacts Entity) known;
        try
        {
            known = await facts.ReadAsync(anomaly, cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or KubernetesNotConfiguredException or HttpRequestException)
        {
            known = (null, EntityFacts.None);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            // The recent remediations (for the rate and storm limits) could not be read from the store.
            return ApiResults.Unavailable(e.Message);
        }

        var result = await analyzer.AnalyzeAsync(
            new AnalysisRequest(IncidentBriefing.Input(anomaly), known.Entity, anomaly.Analyzer?.TotalTokens ?? 0, known.Live), cancellationToken);
        return ApiResults.Ok(new
        {
            anomaly_id = anomaly.AnomalyId,
            ai_analysis = new
            {
                root_cause = result.RootCause,
                severity = result.Severity.ToString().ToUpperInvariant(),
                description = result.Description,
                confidence = result.Confidence,
            },
            suggested_remediation_commands = result.Commands.Select(c => c.Command).Concat(result.Suggestions),
            executable_commands = result.Commands.Where(c => !c.SuggestionOnly).Select(c => c.Command),
            dropped = result.Dropped.Select(d => new { proposal = d.Proposal, reason = d.Reason }),
            analyzer = new { name = result.Backend.ToString().ToLowerInvariant(), model = result.Model, total_tokens = result.Usage.TotalTokens },
            fallback_reason = result.FallbackReason,
        });
    }
}
