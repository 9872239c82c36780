using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// A workload scaled by a HorizontalPodAutoscaler is not scaled directly (the HPA would undo it at its next sync);
/// the verdict proposes the HPA change instead (<see cref="ProposeHpaChange"/>).
/// </summary>
public sealed class HpaGuard : IPolicyGuard
{
    public string Name => "hpa";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Facts.Hpa is { } hpa && context.ChangesReplicas)
        {
            yield return new(Name, PolicyDecision.SuggestionOnly,
                $"{context.Target.Reference} is scaled by HorizontalPodAutoscaler {hpa.Name} (min {hpa.MinReplicas}, max {hpa.MaxReplicas}); change the HPA instead of the replica count");
        }
    }

    /// <summary>The HPA bounds that would let the HPA reach the requested count, in words.</summary>
    public static string? ProposeHpaChange(PolicyContext context)
    {
        if (context.Facts.Hpa is not { } hpa || context.Command is not IScaleCommand scale)
        {
            return null;
        }

        var reference = $"{KubernetesKinds.HorizontalPodAutoscaler} {context.Command.Target.Namespace}/{hpa.Name}";
        var current = context.Target.Replicas ?? hpa.MinReplicas;
        if (scale.Replicas > current)
        {
            var max = Math.Max(hpa.MaxReplicas, scale.Replicas);
            return $"set minReplicas of {reference} to {scale.Replicas} (now {hpa.MinReplicas})"
                + (max != hpa.MaxReplicas ? $" and maxReplicas to {max} (now {hpa.MaxReplicas})" : string.Empty);
        }

        var min = Math.Min(hpa.MinReplicas, scale.Replicas);
        return $"set maxReplicas of {reference} to {scale.Replicas} (now {hpa.MaxReplicas})"
            + (min != hpa.MinReplicas ? $" and minReplicas to {min} (now {hpa.MinReplicas})" : string.Empty);
    }
}
