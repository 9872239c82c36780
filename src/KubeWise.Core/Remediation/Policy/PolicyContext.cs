using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>What a guard sees: the command, its facts, the options in force and the current time.</summary>
public sealed record PolicyContext(RemediationCommand Command, RemediationFacts Facts, RemediationPolicyOptions Options, DateTimeOffset Now)
{
    /// <summary>The target's live state, present for every guard after <see cref="Guards.TargetGuard"/> passed.</summary>
    public ObjectFacts Target => Facts.Target ?? throw new InvalidOperationException("Target facts are checked first.");

    /// <summary>The target plus the anomalous entity's owner chain: every object whose opt-out or rollout concerns this command.</summary>
    public IEnumerable<ObjectFacts> TargetAndOwners => [Target, .. Facts.OwnerChain.Where(o => !o.Reference.Matches(Target.Reference))];

    public bool ChangesReplicas => Command.ChangedFields.Contains("spec.replicas", StringComparer.Ordinal);
}

/// <summary>One safety rule. Guards run in a fixed order and report findings; the worst finding decides the verdict.</summary>
public interface IPolicyGuard
{
    /// <summary>Short name shown with each finding, e.g. <c>namespace</c>.</summary>
    string Name { get; }

    IEnumerable<PolicyFinding> Check(PolicyContext context);
}
