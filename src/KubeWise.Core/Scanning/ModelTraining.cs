using System.Text.Json.Serialization;

namespace KubeWise.Core.Scanning;

/// <summary>How a stored model was trained, kept beside it so people can tell a fresh model from an old one.</summary>
/// <param name="TrainedAt">When it was trained.</param>
/// <param name="SampleCount">Metric blocks (training windows) it was fitted on.</param>
/// <param name="HistoryFrom">Start of the history read.</param>
/// <param name="HistoryUntil">End of the history read (the window it was about to judge is left out).</param>
public sealed record ModelTraining(
    [property: JsonPropertyName("trained_at")] DateTimeOffset TrainedAt,
    [property: JsonPropertyName("sample_count")] int SampleCount,
    [property: JsonPropertyName("history_from")] DateTimeOffset HistoryFrom,
    [property: JsonPropertyName("history_until")] DateTimeOffset HistoryUntil);
