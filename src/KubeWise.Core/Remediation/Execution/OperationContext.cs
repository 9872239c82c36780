using k8s;
using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>What an operation needs to send its requests: the client, the clock, the limits, and this command's marker.</summary>
public sealed record OperationContext(
    IKubernetes Client,
    TimeProvider Time,
    ExecutionOptions Options,
    string AnomalyId,
    string CommandHash,
    ILogger Logger)
{
    /// <summary>The value of <c>kubewise.io/applied</c> this execution writes.</summary>
    public string Marker => KubeWiseAnnotations.Marker(AnomalyId, CommandHash);
}

/// <summary>What an operation's follow-up step did (the part after the marked write: the scale, the delete, the evictions).</summary>
public sealed record FollowUpOutcome(bool Changed, bool TimedOut, IReadOnlyList<string> Notes)
{
    public static FollowUpOutcome None { get; } = new(false, false, []);
}
