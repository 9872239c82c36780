namespace KubeWise.Core.Progress;

/// <summary>
/// Where a long piece of work stands: which operation, its current step, how far through it (when countable), how long it
/// has run and how long it may run. Training, scanning and analysis report through <see cref="IProgress{T}"/> of this;
/// hosts decide whether to show it (the CLI renders it on stderr when stderr is a terminal, and stays quiet otherwise).
/// </summary>
/// <param name="Operation">What runs, in a few words: "training", "scan", "analysis".</param>
/// <param name="Step">The current step, for a person: "reading 10-minute windows from Prometheus".</param>
/// <param name="Done">Units finished in this step (entities, queries, trees); 0 when not countable.</param>
/// <param name="Total">Units in this step, when known.</param>
/// <param name="Elapsed">Time since the operation began.</param>
/// <param name="Timeout">How long the current step may take before it gives up, when it has a limit.</param>
public sealed record ProgressUpdate(string Operation, string Step, long Done, long? Total, TimeSpan Elapsed, TimeSpan? Timeout = null)
{
    /// <summary>The fraction finished, when the step is countable.</summary>
    public double? Fraction => Total is > 0 ? Math.Clamp((double)Done / Total.Value, 0, 1) : null;
}
