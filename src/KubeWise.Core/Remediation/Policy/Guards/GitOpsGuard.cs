namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Objects managed by Argo CD or Flux would be reverted by their controller (or fight it), so the fix becomes a suggestion
/// to make in Git, never a patch.
/// </summary>
public sealed class GitOpsGuard : IPolicyGuard
{
    public string Name => "gitops";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var target = context.Target;
        var label = context.Options.EffectiveGitOpsLabels.FirstOrDefault(target.Labels.ContainsKey);
        var annotation = context.Options.EffectiveGitOpsAnnotations.FirstOrDefault(target.Annotations.ContainsKey);
        var marker = label is not null ? $"label {label}={target.Labels[label]}" : annotation is not null ? $"annotation {annotation}={target.Annotations[annotation]}" : null;
        if (marker is not null)
        {
            yield return new(Name, PolicyDecision.SuggestionOnly,
                $"{target.Reference} is managed by GitOps ({marker}); make this change in its Git source, a patch would be reverted");
        }
    }
}
