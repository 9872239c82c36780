using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Rules;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Investigation;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Progress;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Core.Scanning;
using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Explain;

/// <summary>How to explain.</summary>
/// <param name="ForceRules">Ask the rule analyzer only (the CLI's <c>--no-llm</c>).</param>
/// <param name="UseCluster">Read facts from the configured cluster and dry-run allowed commands there; false explains from the scan alone.</param>
/// <param name="ShowPromptOnly">Build the redacted model request for each incident and keep it on the explanation, but send nothing: the rules answer (the CLI's <c>--show-prompt</c>).</param>
public sealed record ExplainSettings(bool ForceRules = false, bool UseCluster = true, bool ShowPromptOnly = false);

/// <summary>
/// The explain pipeline: for each anomaly of a scan, the facts the policy needs (live, or assumed and marked provisional),
/// the analysis (Gemini or rules) — one per entity, over every detector's findings — the fix plan with every proposal's verdict and what it would change, and a server-side
/// dry run of each allowed command. Read-only: it never applies anything and stores nothing.
/// </summary>
public sealed class ExplainPipeline(
    IAnomalyAnalyzer analyzer,
    RuleAnalyzer rules,
    Analysis.Gemini.GeminiAnalyzer model,
    Analysis.Llm.LlmProvider provider,
    IncidentBriefing briefing,
    ServerDryRun dryRun,
    RemediationCatalog catalog,
    IKubernetesClientFactory clients,
    TimeProvider time,
    ILogger<ExplainPipeline> logger)
{
    /// <summary>The fallback reason recorded when <see cref="ExplainSettings.ForceRules"/> is set.</summary>
    public const string RulesForced = "the rule analyzer was requested (--no-llm); Gemini was not asked";

    /// <summary>The fallback reason recorded when <see cref="ExplainSettings.ShowPromptOnly"/> is set.</summary>
    public const string PromptOnly = "the request was only shown (--show-prompt); nothing was sent to the model";

    public async Task<ExplainReport> ExplainAsync(ScanReport scan, ExplainSettings settings, CancellationToken ct, IProgress<ProgressUpdate>? progressSink = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(settings);
        var progress = new ProgressTracker(progressSink, "analysis", time);
        var access = Connect(settings);
        var nodeCount = scan.Entities.Count(e => e.Type == EntityType.Node);
        var incidents = new List<IncidentExplanation>();
        // What the plans of earlier entities would apply counts for the later ones, as it would if those plans were
        // carried out: the per-entity and storm limits see the whole run. Rejected, advisory and dry-run-refused
        // commands would apply nothing, so they use up no limit.
        var planned = new List<RecentAction>();
        (FallbackCause Cause, string Reason)? geminiDown = settings.ForceRules ? (FallbackCause.RulesRequested, RulesForced)
            : settings.ShowPromptOnly ? (FallbackCause.RulesRequested, PromptOnly) : null;
        var entities = scan.AnomalousEntities;
        var done = 0;
        foreach (var finding in entities)
        {
            progress.Report($"explaining {finding.Entity}", done++, entities.Count);
            var id = AnomalyId.New();
            IncidentFacts facts;
            if (access.Connected)
            {
                try
                {
                    facts = await briefing.ReadAsync(finding.Entity, IncidentBriefing.Evidence(finding.Findings), [], ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
                {
                    // One failed read means the rest would wait for the same timeout: explain the others from the scan too.
                    access = new ClusterAccess(false, $"{access.Description} could not be read: {Describe(e)}", Describe(e));
                    facts = IncidentBriefing.Assume(finding.Entity, nodeCount, "the cluster could not be read");
                    ExplainLog.NoClusterFacts(logger, finding.Entity.ToString(), access.Description);
                }
            }
            else
            {
                facts = IncidentBriefing.Assume(finding.Entity, nodeCount, "no cluster");
            }

            facts = await briefing.WithPrometheusFactsAsync(facts, finding.Entity, scan.At, ct).ConfigureAwait(false);
            var live = facts.Live is { } known
                ? known with { Incident = known.Incident with { RecentActions = [.. known.Incident.RecentActions, .. planned] } }
                : null;
            var request = new AnalysisRequest(IncidentBriefing.Input(finding, id), facts.Entity, 0, live);
            var analysis = geminiDown is { } down
                ? await rules.AnalyzeAsync(request, ct).ConfigureAwait(false) with { FallbackReason = down.Reason, Fallback = down.Cause }
                : await analyzer.AnalyzeAsync(request, ct).ConfigureAwait(false);
            if (geminiDown is null && analysis.Fallback == FallbackCause.GeminiFailed)
            {
                // An outage rarely ends within one run; waiting out retries and timeouts again for every anomaly helps nobody.
                geminiDown = (FallbackCause.GeminiFailed, $"Gemini was not asked again after it failed for {finding.Entity} in this run ({analysis.FallbackReason})");
            }

            var (plan, applies) = await PlanAsync(analysis, id, facts.Provisional, access.Connected, ct).ConfigureAwait(false);
            var prompt = settings.ShowPromptOnly ? provider.Preview(Analysis.Llm.LlmPurpose.Analysis, model.Prompt(request).Body) : null;
            incidents.Add(new IncidentExplanation(id, finding, analysis, plan, facts.Provisional, facts.Note) { Prompt = prompt });
            planned.AddRange(applies.Select(c => new RecentAction(time.GetUtcNow(), c.Target, c.Operation.Name, live?.Incident.AnomalousEntity)));
        }

        progress.Report("explained", done, entities.Count);
        return new ExplainReport(scan, access, incidents);
    }

    private ClusterAccess Connect(ExplainSettings settings)
    {
        if (!settings.UseCluster)
        {
            return new ClusterAccess(false, "no cluster was requested");
        }

        try
        {
            clients.GetClient();
            return new ClusterAccess(true, clients.DescribeSource());
        }
        catch (KubernetesNotConfiguredException e)
        {
            return new ClusterAccess(false, e.Message);
        }
    }

    /// <summary>
    /// The plan's steps, and the commands it would apply: allowed, and not refused by the server's dry run (a dry run that
    /// could not reach the server leaves the command counted: the limits err on the side of fewer writes).
    /// </summary>
    private async Task<(IReadOnlyList<PlanStep> Steps, IReadOnlyList<RemediationCommand> Applies)> PlanAsync(
        AnalysisResult analysis, string anomalyId, bool provisional, bool connected, CancellationToken ct)
    {
        var steps = new List<PlanStep>();
        var applies = new List<RemediationCommand>();
        foreach (var accepted in analysis.Commands)
        {
            var command = accepted.Data is null ? null : catalog.Build(accepted.Data).Command;
            var verdict = accepted.SuggestionOnly ? PlanVerdict.SuggestionOnly : PlanVerdict.Allowed;
            var dry = verdict == PlanVerdict.Allowed && connected && !provisional && command is not null
                ? await dryRun.RunAsync(command, anomalyId, ct).ConfigureAwait(false)
                : null;
            steps.Add(new PlanStep(accepted.Command, accepted.Operation, verdict, provisional, accepted.Note, accepted.Rationale, Change(command), dry));
            if (verdict == PlanVerdict.Allowed && command is not null && dry?.Outcome is not (DryRunOutcomes.Failed or DryRunOutcomes.Refused))
            {
                applies.Add(command);
            }
        }

        foreach (var dropped in analysis.Dropped)
        {
            // A proposal the catalog cannot parse is refused whatever the cluster says; one it parses was judged by the policy.
            var command = catalog.Parse(dropped.Proposal).Command;
            steps.Add(new PlanStep(command?.ToString() ?? dropped.Proposal, command?.Operation.Name, PlanVerdict.Rejected,
                provisional && command is not null, dropped.Reason, null, Change(command), null));
        }

        return (steps, applies);
    }

    private static PlannedChange? Change(RemediationCommand? command) =>
        command is null ? null : new PlannedChange(command.Target.Key, command.Operation.Summary, command.ChangedFields, command.Reversible);

    private static string Describe(Exception e) => e is KubernetesApiException api ? api.Status.ToString() : e.Message;
}
