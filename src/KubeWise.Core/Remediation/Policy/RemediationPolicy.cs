using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy.Guards;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>
/// Judges typed commands against the safety guards. Pure: it reads only the facts it is given, the options and the clock,
/// so the same call answers when a command is suggested and again right before it is executed.
/// </summary>
public sealed class RemediationPolicy(IOptions<RemediationPolicyOptions> options, TimeProvider timeProvider)
{
    /// <summary>The guards in the order they run; the command and target checks come first because the others rely on them.</summary>
    public static IReadOnlyList<IPolicyGuard> Guards { get; } =
    [
        new CatalogGuard(),
        new OperationGuard(),
        new TargetGuard(),
        new NamespaceGuard(),
        new OptOutGuard(),
        new ScopeGuard(),
        new GitOpsGuard(),
        new RolloutGuard(),
        new HpaGuard(),
        new ReplicaGuard(),
        new ResourceGuard(),
        new NodeGuard(),
        new DisruptionBudgetGuard(),
        new RateLimitGuard(),
        new StormGuard(),
    ];

    /// <summary>The verdict for one command.</summary>
    public PolicyVerdict Evaluate(RemediationCommand command, RemediationFacts facts)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(facts);
        var context = new PolicyContext(command, facts, options.Value, timeProvider.GetUtcNow());
        var findings = new List<PolicyFinding>();
        foreach (var guard in Guards)
        {
            findings.AddRange(guard.Check(context));
            if (guard is (CatalogGuard or TargetGuard) && findings.Exists(f => f.Guard == guard.Name))
            {
                return new PolicyVerdict(command, PolicyDecision.Rejected, findings);
            }
        }

        var decision = findings.Count == 0 ? PolicyDecision.Allowed : findings.Max(f => f.Decision);
        var target = context.Target;
        return new PolicyVerdict(command, decision, findings)
        {
            ScalePlan = decision != PolicyDecision.Rejected && command is IScaleCommand scale && target.Replicas is { } current
                ? ReplicaGuard.Plan(current, scale.Replicas, options.Value.ScalePhaseSize)
                : [],
            Proposal = decision == PolicyDecision.Rejected ? null : HpaGuard.ProposeHpaChange(context),
            TargetUid = target.Uid,
            TargetGeneration = target.Generation,
        };
    }

    /// <summary>
    /// Verdicts for several commands proposed together. Each allowed command counts as a remediation for the ones after it
    /// (rate, storm and cordon limits), so a burst cannot pass the limits by arriving at once.
    /// </summary>
    public IReadOnlyList<PolicyVerdict> EvaluateAll(IEnumerable<(RemediationCommand Command, RemediationFacts Facts)> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var planned = new List<RecentAction>();
        var cordoned = new List<string>();
        var verdicts = new List<PolicyVerdict>();
        foreach (var (command, facts) in proposals)
        {
            var withPlanned = facts with
            {
                RecentActions = [.. facts.RecentActions, .. planned],
                Cluster = facts.Cluster with { CordonedNodes = [.. facts.Cluster.CordonedNodes, .. cordoned] },
            };
            var verdict = Evaluate(command, withPlanned);
            if (verdict.IsAllowed)
            {
                planned.Add(new RecentAction(timeProvider.GetUtcNow(), command.Target, command.Operation.Name, facts.AnomalousEntity));
                if (command is CordonNodeCommand or DrainNodeCommand)
                {
                    cordoned.Add(command.Target.Name);
                }
            }

            verdicts.Add(verdict);
        }

        return verdicts;
    }
}
