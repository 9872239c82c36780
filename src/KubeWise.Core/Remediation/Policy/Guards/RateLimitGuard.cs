namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// At most <see cref="RemediationPolicyOptions.MaxActionsPerEntity"/> remediations per <see cref="RemediationPolicyOptions.EntityWindowSeconds"/>
/// on the same object or for the same anomalous entity, so a fix that does not help is not repeated in a loop.
/// </summary>
public sealed class RateLimitGuard : IPolicyGuard
{
    public string Name => "rate-limit";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var window = TimeSpan.FromSeconds(context.Options.EntityWindowSeconds);
        var since = context.Now - window;
        var entity = context.Facts.AnomalousEntity;
        var count = context.Facts.RecentActions.Count(a => a.At > since && a.At <= context.Now
            && (a.Target.Matches(context.Command.Target) || (a.AnomalousEntity is { } e && e.Matches(entity))));
        if (count >= context.Options.MaxActionsPerEntity)
        {
            // The target is often the anomalous entity itself: name it once.
            var what = context.Command.Target.Matches(entity) ? $"{context.Command.Target}" : $"{context.Command.Target} or {entity}";
            yield return new(Name, PolicyDecision.Rejected,
                $"{count} remediations already hit {what} in the last {Format(window)} (limit {context.Options.MaxActionsPerEntity})");
        }
    }

    internal static string Format(TimeSpan window) =>
        window.TotalMinutes >= 60 && window.TotalMinutes % 60 == 0 ? $"{window.TotalHours:0} h" : $"{window.TotalMinutes:0.#} min";
}
