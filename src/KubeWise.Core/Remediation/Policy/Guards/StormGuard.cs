namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// Cluster-wide: at most <see cref="RemediationPolicyOptions.MaxRemediationsPerWindow"/> remediations per
/// <see cref="RemediationPolicyOptions.StormWindowSeconds"/>. Many anomalies at once usually share one cause that
/// per-workload fixes would only make worse.
/// </summary>
public sealed class StormGuard : IPolicyGuard
{
    public string Name => "storm";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        var window = TimeSpan.FromSeconds(context.Options.StormWindowSeconds);
        var since = context.Now - window;
        var count = context.Facts.RecentActions.Count(a => a.At > since && a.At <= context.Now);
        if (count >= context.Options.MaxRemediationsPerWindow)
        {
            yield return new(Name, PolicyDecision.Rejected,
                $"{count} remediations ran cluster-wide in the last {RateLimitGuard.Format(window)} (storm limit {context.Options.MaxRemediationsPerWindow}); waiting for things to settle");
        }
    }
}
