namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>The target must exist and be the object the command names; otherwise nothing else can be judged.</summary>
public sealed class TargetGuard : IPolicyGuard
{
    public string Name => "target";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var target = context.Facts.Target;
        if (target is null)
        {
            yield return new(Name, PolicyDecision.Rejected, $"{context.Command.Target} was not found in the cluster");
        }
        else if (!target.Reference.Matches(context.Command.Target))
        {
            yield return new(Name, PolicyDecision.Rejected, $"the facts describe {target.Reference}, not the command's target {context.Command.Target}");
        }
    }
}
