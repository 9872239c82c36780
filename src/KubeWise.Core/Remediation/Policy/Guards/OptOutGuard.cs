namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// <c>kubewise.io/remediation: disabled</c> on the target, on any owner of the anomalous entity, or on their namespace
/// stops every remediation for it.
/// </summary>
public sealed class OptOutGuard : IPolicyGuard
{
    public string Name => "opt-out";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        foreach (var obj in context.TargetAndOwners)
        {
            if (IsOptedOut(obj.Annotations))
            {
                yield return new(Name, PolicyDecision.Rejected, $"{obj.Reference} is annotated {RemediationPolicyOptions.OptOutAnnotation}: {RemediationPolicyOptions.OptOutValue}");
            }
        }

        var involved = new[] { context.Command.Target.Namespace, context.Facts.AnomalousEntity.Namespace };
        foreach (var ns in context.Facts.Namespaces.Where(n => involved.Contains(n.Name, StringComparer.Ordinal)))
        {
            if (IsOptedOut(ns.Annotations))
            {
                yield return new(Name, PolicyDecision.Rejected, $"namespace {ns.Name} is annotated {RemediationPolicyOptions.OptOutAnnotation}: {RemediationPolicyOptions.OptOutValue}");
            }
        }
    }

    private static bool IsOptedOut(IReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue(RemediationPolicyOptions.OptOutAnnotation, out var value)
        && string.Equals(value.Trim(), RemediationPolicyOptions.OptOutValue, StringComparison.OrdinalIgnoreCase);
}
