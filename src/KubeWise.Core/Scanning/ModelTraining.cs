using System.Text.Json.Serialization;

namespace KubeWise.Core.Scanning;

/// <summary>How a stored model was trained, kept beside it so people can tell a fresh model from an old one.</summary>
/// <param name="TrainedAt">When it was trained.</param>
/// <param name="SampleCount">Metric blocks (training windows) it was fitted on.</param>
/// <param name="HistoryFrom">Start of the history read.</param>
/// <param name="HistoryUntil">End of the history read (the window it was about to judge is left out).</param>
/// <param name="Cluster">The <see cref="ClusterIdentity.Key"/> of the cluster it was trained on (the store stamps it); null for models trained before identities were recorded.</param>
/// <param name="ClusterName">The same identity, as a person reads it.</param>
public sealed record ModelTraining(
    [property: JsonPropertyName("trained_at")] DateTimeOffset TrainedAt,
    [property: JsonPropertyName("sample_count")] int SampleCount,
    [property: JsonPropertyName("history_from")] DateTimeOffset HistoryFrom,
    [property: JsonPropertyName("history_until")] DateTimeOffset HistoryUntil,
    [property: JsonPropertyName("cluster")] string? Cluster = null,
    [property: JsonPropertyName("cluster_name")] string? ClusterName = null);

/// <summary>A stored model was trained on another cluster: it is refused, never used to judge this one.</summary>
public sealed class ModelOfAnotherClusterException(string path, string owner, ClusterIdentity current)
    : Exception($"The model {path} was trained on {owner}, but this is {current}: it is not used here. " +
                "Point --model (Detection:ModelPath) elsewhere, leave it unset to keep one model folder per cluster, or retrain to replace it.")
{
    public string Path { get; } = path;

    public string Owner { get; } = owner;
}
