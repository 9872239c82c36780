using KubeWise.Core.Progress;

namespace KubeWise.Core.Scanning;

/// <summary>What one cycle should look at. Unset values come from configuration.</summary>
public sealed record ScanRequest
{
    /// <summary>Evaluation time (end of the window); default: now from the <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Namespaces to scan; empty for all. Nodes and the control plane are always scanned.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Length of the scored window; default: <see cref="Detection.DetectionOptions.MetricWindowSeconds"/>.</summary>
    public TimeSpan? Window { get; init; }

    /// <summary>History read to train a missing model; default: <see cref="ScanOptions.LookbackSeconds"/>.</summary>
    public TimeSpan? Lookback { get; init; }

    /// <summary>
    /// Facts (restarts, last terminated reasons, replica counts…) are read only from samples at or after this time, and an
    /// entity with no sample at or after it is not judged: verification after a fix passes the fix time, so what the
    /// workload did before the fix does not count against it. Null: the whole window counts.
    /// </summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Train and save a model for entity types that have none.</summary>
    public bool TrainMissingModels { get; init; } = true;

    /// <summary>
    /// Entity types whose model is trained again from history and replaced even though one is stored (with
    /// <see cref="TrainMissingModels"/>); a type whose retraining fails keeps its stored model.
    /// </summary>
    public IReadOnlyCollection<Entities.EntityType> Retrain { get; init; } = [];

    /// <summary>Where the cycle reports its steps (discovery, queries, training, judging); null reports nowhere.</summary>
    public IProgress<ProgressUpdate>? Progress { get; init; }

    /// <summary>Try again now to train types whose history was too short a moment ago (a person asked for training).</summary>
    public bool RetryUntrainable { get; init; }
}
