using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Explain;

/// <summary>Everything <c>kubewise scan --explain</c> shows: the scan, and per anomaly its analysis and fix plan.</summary>
/// <param name="Scan">The scan cycle's report.</param>
/// <param name="Cluster">Whether facts came from a cluster, and which one.</param>
/// <param name="Incidents">One explanation per anomalous entity, in the scan's order (most anomalous first).</param>
public sealed record ExplainReport(ScanReport Scan, ClusterAccess Cluster, IReadOnlyList<IncidentExplanation> Incidents)
{
    /// <summary>Tokens all analyses spent together.</summary>
    public TokenUsage Usage => Incidents.Aggregate(TokenUsage.Zero, (sum, i) => sum.Add(i.Analysis.Usage));
}

/// <summary>How the cluster was reached, or why not.</summary>
/// <param name="Connected">True when the policy's facts were read from a live cluster and allowed commands were dry-run there.</param>
/// <param name="Description">Where the facts came from (<see cref="IKubernetesClientFactory.DescribeSource"/>), or why no cluster was used.</param>
/// <param name="Failure">Set when a configured cluster could not be read; the remaining anomalies were explained without it.</param>
public sealed record ClusterAccess(bool Connected, string Description, string? Failure = null);

/// <summary>One anomalous entity explained: one analysis and one plan for all its findings.</summary>
/// <param name="AnomalyId">A fresh id for this explanation (nothing is stored).</param>
/// <param name="Finding">The scan's findings about the entity, every detector that fired.</param>
/// <param name="Analysis">Root cause, severity, description, confidence and which analyzer answered.</param>
/// <param name="Plan">Every proposed command with the policy's verdict, what it would change and the dry-run outcome.</param>
/// <param name="Provisional">
/// True when the verdicts were reached without live facts (no cluster, or the cluster could not be read):
/// GitOps labels, opt-out annotations, HPA, PodDisruptionBudgets, rollout state and owner chain were assumed absent.
/// </param>
/// <param name="FactsNote">Where the facts came from for this anomaly, or why they are missing.</param>
public sealed record IncidentExplanation(
    string AnomalyId,
    EntityFindings Finding,
    AnalysisResult Analysis,
    IReadOnlyList<PlanStep> Plan,
    bool Provisional,
    string FactsNote)
{
    /// <summary>With <see cref="ExplainSettings.ShowPromptOnly"/>: the request the model would have received (nothing was sent).</summary>
    public Analysis.Llm.ModelRequestPreview? Prompt { get; init; }
}

/// <summary>The policy's verdict on one proposed command, in the words the JSON output uses.</summary>
public static class PlanVerdict
{
    /// <summary>KubeWise may run it (after approval in MANUAL mode).</summary>
    public const string Allowed = "allowed";

    /// <summary>Shown to a person as advice (GitOps-managed, HPA-owned, mid-rollout, node drains); KubeWise never applies it.</summary>
    public const string SuggestionOnly = "suggestion_only";

    /// <summary>Refused by the catalog parser or the policy; the reason says why.</summary>
    public const string Rejected = "rejected";
}

/// <summary>One proposed command of a fix plan.</summary>
/// <param name="Command">The command in the seed's text form when the catalog parsed it; otherwise the proposal as received.</param>
/// <param name="Operation">The catalog operation, when the proposal named one the catalog knows.</param>
/// <param name="Verdict"><see cref="PlanVerdict"/>.</param>
/// <param name="Provisional">The policy judged it on assumed facts (no cluster); a live cluster may turn it into a suggestion or a rejection, or the reverse.</param>
/// <param name="Reason">Why it was rejected or made a suggestion, or what the policy noted (phases).</param>
/// <param name="Rationale">Why the analyzer proposed it.</param>
/// <param name="Change">What it would change, from the catalog's descriptor; null when the proposal is not a catalog command.</param>
/// <param name="DryRun">The server-side dry-run outcome for allowed commands when a cluster was reachable.</param>
public sealed record PlanStep(
    string Command,
    string? Operation,
    string Verdict,
    bool Provisional,
    string? Reason,
    string? Rationale,
    PlannedChange? Change,
    DryRunReport? DryRun);

/// <summary>What a catalog command would change.</summary>
/// <param name="Target">The object, e.g. <c>Deployment/payments/api</c>.</param>
/// <param name="Summary">The operation's one-sentence description.</param>
/// <param name="Fields">The fields it writes on the target.</param>
/// <param name="Reversible">Whether a rollback could restore those fields.</param>
public sealed record PlannedChange(string Target, string Summary, IReadOnlyList<string> Fields, bool Reversible);

/// <summary>What the API server said to the command sent with <c>dryRun=All</c>. Nothing was persisted.</summary>
/// <param name="Outcome"><see cref="DryRunOutcomes"/>.</param>
/// <param name="Message">A sentence for the person reading the plan.</param>
/// <param name="Notes">Details the operation reported (e.g. the replica change, evictions that would succeed).</param>
public sealed record DryRunReport(string Outcome, string Message, IReadOnlyList<string> Notes);

/// <summary>Dry-run outcomes, as the JSON output spells them.</summary>
public static class DryRunOutcomes
{
    /// <summary>The server accepted the change as a dry run.</summary>
    public const string Passed = "passed";

    /// <summary>The server refused it (its Status is in the message).</summary>
    public const string Failed = "failed";

    /// <summary>KubeWise's own precondition stopped it before anything was sent (e.g. no rollout history).</summary>
    public const string Refused = "refused";

    /// <summary>The API server could not be reached or answered with a server error.</summary>
    public const string Error = "error";
}
