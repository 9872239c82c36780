using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Replica bounds for scale commands (<see cref="RemediationPolicyOptions.MinReplicas"/>..<see cref="RemediationPolicyOptions.MaxReplicas"/>),
/// and the phase plan: no phase changes the count by more than <see cref="RemediationPolicyOptions.ScalePhaseSize"/>.
/// </summary>
public sealed class ReplicaGuard : IPolicyGuard
{
    public string Name => "replicas";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Command is not IScaleCommand scale)
        {
            yield break;
        }

        var options = context.Options;
        var target = context.Command.Target;
        if (scale.Replicas < options.MinReplicas)
        {
            yield return new(Name, PolicyDecision.Rejected,
                $"scaling {target} to {scale.Replicas} is below the minimum of {options.MinReplicas} replicas");
        }
        else if (scale.Replicas > options.MaxReplicas)
        {
            yield return new(Name, PolicyDecision.Rejected,
                $"scaling {target} to {scale.Replicas} is above the maximum of {options.MaxReplicas} replicas");
        }

        if (context.Target.Replicas is not { } current)
        {
            yield return new(Name, PolicyDecision.Rejected, $"the current replica count of {target} is unknown, so the change cannot be bounded");
        }
        else if (current == scale.Replicas)
        {
            yield return new(Name, PolicyDecision.Rejected, $"{target} already has {current} replicas");
        }
    }

    /// <summary>The phases from <paramref name="current"/> to <paramref name="desired"/>, each at most <paramref name="phaseSize"/> replicas.</summary>
    public static IReadOnlyList<ScalePhase> Plan(int current, int desired, int phaseSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseSize, 1);
        var phases = new List<ScalePhase>();
        var from = current;
        while (from != desired)
        {
            var to = desired > from ? Math.Min(desired, from + phaseSize) : Math.Max(desired, from - phaseSize);
            phases.Add(new ScalePhase(from, to));
            from = to;
        }

        return phases;
    }
}
