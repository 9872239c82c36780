namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// One plan, one change per target field: commands of one plan that write the same field of the same object (three
/// scales of one Deployment, two memory limits for one container, the same restart twice) contradict or repeat each
/// other. Such a plan never runs on its own: a person is asked and sees the conflict.
/// </summary>
public static class PlanConflicts
{
    /// <summary>One line per conflicting target field, naming the commands; empty when the plan is consistent.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<RemediationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return
        [
            .. commands
                .SelectMany(c => c.ChangedFields.Select(field => (Key: $"{c.Target.Key} {field}", Command: c.ToString())))
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => $"{g.Key}: {string.Join(", then ", g.Select(p => p.Command))}"),
        ];
    }
}
