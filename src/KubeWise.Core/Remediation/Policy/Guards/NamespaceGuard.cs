namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Namespace allow/deny lists, applied to the target's namespace and to the anomalous entity's: a fix on behalf of a
/// kube-system component is a kube-system change even when it touches a node.
/// </summary>
public sealed class NamespaceGuard : IPolicyGuard
{
    public string Name => "namespace";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var namespaces = new[] { context.Command.Target.Namespace, context.Facts.AnomalousEntity.Namespace }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            if (context.Options.EffectiveDeniedNamespaces.Contains(ns, StringComparer.Ordinal))
            {
                yield return new(Name, PolicyDecision.Rejected, $"namespace {ns} is on the deny list; KubeWise does not change it");
            }
            else if (context.Options.AllowedNamespaces.Count > 0 && !context.Options.AllowedNamespaces.Contains(ns, StringComparer.Ordinal))
            {
                yield return new(Name, PolicyDecision.Rejected, $"namespace {ns} is not on the allow list ({string.Join(", ", context.Options.AllowedNamespaces)})");
            }
        }
    }
}
