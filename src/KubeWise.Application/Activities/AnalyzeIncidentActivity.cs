using KubeWise.Core.Telemetry;
using KubeWise.Core.Analysis;
using KubeWise.Core.Investigation;
using KubeWise.Core.Events;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Activities;

/// <summary>
/// Asks the analyzer (Gemini, or the rule analyzer) for root cause and fix and records the analysis on the event:
/// <c>ai_analysis</c>, the analyzer and its token use, and the suggested commands. Only commands the catalog parsed and
/// the policy allows come back as executable; suggestion-only ones are kept on the event as advice.
/// </summary>
public sealed class AnalyzeIncidentActivity(
    IEventStore store,
    IAnomalyAnalyzer analyzer,
    RemediationCatalog catalog,
    IncidentFactsReader facts,
    ILogger<AnalyzeIncidentActivity> logger) : TaskActivity<IncidentRef, AnalysisStep>
{
    public override async Task<AnalysisStep> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = KubeWiseTelemetry.Start("kubewise.analyze");
        span?.SetTag("kubewise.anomaly_id", input.AnomalyId);
        var anomaly = await EventAccess.GetAsync(store, input.AnomalyId).ConfigureAwait(false);
        var (live, entity) = await ReadFactsAsync(anomaly).ConfigureAwait(false);
        var tokens = anomaly.Analyzer?.TotalTokens ?? 0;
        var result = await analyzer.AnalyzeAsync(
            new AnalysisRequest(IncidentBriefing.Input(anomaly), entity, tokens, live), CancellationToken.None).ConfigureAwait(false);
        KubeWiseTelemetry.ModelAnswer("analysis", result.Backend, result.Usage, result.Fallback);
        span?.SetTag("kubewise.analyzer", result.Backend.ToString().ToLowerInvariant());

        var suggested = result.Commands.Select(c => c.Command).Concat(result.Suggestions).ToList();
        var conflicts = PlanConflicts.Find(result.Commands.Where(c => !c.SuggestionOnly && c.Data is not null)
            .Select(c => catalog.Build(c.Data!).Command).OfType<RemediationCommand>());
        await EventAccess.ApplyAsync(store, input.AnomalyId, current => new EventChange
        {
            AnomalyId = current.AnomalyId,
            ExpectedStatus = current.Status,
            ExpectedVersion = current.Version,
            Actor = "orchestrator",
            Comment = string.Join(" ", new[]
            {
                result.FallbackReason is null ? null : $"Rule analyzer answered: {result.FallbackReason}",
                conflicts.Count == 0 ? null : $"Conflicting commands, so a person chooses: {string.Join("; ", conflicts)}.",
            }.OfType<string>()) is { Length: > 0 } comment ? comment : null,
            Analysis = new AiAnalysis
            {
                RootCause = result.RootCause,
                Severity = result.Severity.ToString().ToUpperInvariant(),
                Description = result.Description,
            },
            Analyzer = new AnalyzerInfo
            {
                Name = result.Backend.ToString().ToLowerInvariant(),
                Model = result.Model,
                PromptTokens = result.Usage.PromptTokens,
                CompletionTokens = result.Usage.CandidatesTokens,
                TotalTokens = tokens + result.Usage.TotalTokens,
                Provider = result.Call?.Provider,
                LatencyMs = result.Call?.LatencyMs,
            },
            AddModelExchanges = result.Call?.Exchanges,
            SuggestedCommands = suggested,
            TypedCommands = [.. result.Commands.Where(c => c.Data is not null).Select(c => new SuggestedCommand { Command = c.Command, Data = c.Data!, SuggestionOnly = c.SuggestionOnly })],
            Proposals = AnalysisRecords.Proposals(result),
        }).ConfigureAwait(false);

        var executable = result.Commands.Where(c => !c.SuggestionOnly).Select(c => new PlannedCommand(c.Command, c.Operation, c.Data)).ToList();
        var advice = result.Commands.Where(c => c.SuggestionOnly).Select(c => c.Command).Concat(result.Suggestions).ToList();
        return new AnalysisStep(executable, advice, $"{result.Severity.ToString().ToUpperInvariant()}: {result.RootCause}", conflicts);
    }

    private async Task<(LiveFacts? Live, EntityFacts Entity)> ReadFactsAsync(AnomalyEvent anomaly)
    {
        try
        {
            return await facts.ReadAsync(anomaly).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.IsServerError || e.IsTooManyRequests)
        {
            throw new TransientStepException($"The API server answered {e.Status} while reading facts for analysis", e);
        }
        catch (Exception e) when (e is KubernetesApiException or KubernetesNotConfiguredException or HttpRequestException)
        {
            ActivityLog.NoLiveFacts(logger, anomaly.AnomalyId, e.Message);
            return (null, EntityFacts.None);
        }
    }
}
