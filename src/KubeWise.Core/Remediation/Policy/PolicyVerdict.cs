using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>What the policy lets happen with a command. Ordered by severity: the worst finding decides.</summary>
public enum PolicyDecision
{
    /// <summary>May be applied (after approval in MANUAL mode).</summary>
    Allowed,

    /// <summary>Shown to a person as advice; KubeWise never applies it.</summary>
    SuggestionOnly,

    /// <summary>Refused.</summary>
    Rejected,
}

/// <summary>One guard's objection, in words a person understands.</summary>
public sealed record PolicyFinding(string Guard, PolicyDecision Decision, string Reason)
{
    public override string ToString() => $"[{Guard}] {Reason}";
}

/// <summary>One phase of a scale: set replicas from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record ScalePhase(int From, int To);

/// <summary>The policy's answer for one command.</summary>
public sealed record PolicyVerdict(RemediationCommand Command, PolicyDecision Decision, IReadOnlyList<PolicyFinding> Findings)
{
    /// <summary>For scale commands: the phases to apply in order (the last one reaches the requested count).</summary>
    public IReadOnlyList<ScalePhase> ScalePlan { get; init; } = [];

    /// <summary>A concrete alternative for a person, e.g. the HPA change to make instead of scaling directly.</summary>
    public string? Proposal { get; init; }

    /// <summary>UID and generation of the target as judged; the executor refuses when the live object differs.</summary>
    public string? TargetUid { get; init; }

    public long? TargetGeneration { get; init; }

    public bool IsAllowed => Decision == PolicyDecision.Allowed;

    /// <summary>All reasons in one line, for events and logs.</summary>
    public string Reason => Findings.Count == 0 ? "allowed by every guard" : string.Join("; ", Findings.Select(f => f.ToString()));
}
