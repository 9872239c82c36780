namespace KubeWise.Core.Remediation.Execution.Operations;

/// <summary>What one eviction request did.</summary>
internal enum EvictionResult
{
    /// <summary>The pod is being evicted (or, in a dry run, would be).</summary>
    Evicted,

    /// <summary>A PodDisruptionBudget refused it for now (429).</summary>
    Blocked,

    /// <summary>The pod no longer exists, or another pod now has its name.</summary>
    Gone,
}

/// <summary>An eviction's result, with the words a person reads in the operation's notes.</summary>
internal readonly record struct EvictionOutcome(EvictionResult Result, string Text)
{
    public override string ToString() => Text;
}
