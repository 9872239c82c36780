using System.Text.Json.Serialization;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Entities;
using KubeWise.Core.Scanning;

namespace KubeWise.Core.Events;

/// <summary>
/// The metric windows behind an event, stored with it so a person sees what KubeWise saw even after Prometheus'
/// retention: the detection window (taken when the event is created) and the verification window (taken when the fix is
/// judged). Size-capped by <see cref="SeriesCapture"/>. Served by <c>GET /api/v1/remediation/events/{id}/series</c>, not in
/// the event's own JSON answers.
/// </summary>
public sealed record EventSeries
{
    [JsonPropertyName("detection")]
    public SeriesWindow? Detection { get; init; }

    [JsonPropertyName("verification")]
    public SeriesWindow? Verification { get; init; }
}

/// <summary>One captured window: its start and end, the entity's series in it and whether some were left out.</summary>
public sealed record SeriesWindow
{
    [JsonPropertyName("start")]
    public required DateTimeOffset Start { get; init; }

    [JsonPropertyName("end")]
    public required DateTimeOffset End { get; init; }

    [JsonPropertyName("metrics")]
    public IReadOnlyList<SeriesLine> Metrics { get; init; } = [];

    /// <summary>True when series or points were left out to keep the snapshot within its caps.</summary>
    [JsonPropertyName("truncated")]
    public bool Truncated { get; init; }

    /// <summary>Queries Prometheus could not answer when the window was taken (catalog id: reason).</summary>
    [JsonPropertyName("errors")]
    public IReadOnlyList<string> Errors { get; init; } = [];
}

/// <summary>One series: the catalog query that produced it, its labels, its samples and the evidence's baseline band.</summary>
public sealed record SeriesLine
{
    [JsonPropertyName("query_id")]
    public required string QueryId { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("points")]
    public IReadOnlyList<SeriesPoint> Points { get; init; } = [];

    /// <summary>The entity's usual level, when a forest evidence item about this series' level carries a baseline and deviation.</summary>
    [JsonPropertyName("band")]
    public BaselineBand? Band { get; init; }
}

/// <summary>A sample: <c>t</c> in Unix seconds, <c>v</c> the value (non-finite samples are left out).</summary>
public readonly record struct SeriesPoint(
    [property: JsonPropertyName("t")] double T,
    [property: JsonPropertyName("v")] double V);

/// <summary>
/// The baseline band of a series: the evidence's baseline ± one noise unit, where the noise unit is what the forest's
/// deviation was measured in (|value − baseline| / |deviation|). Given for level statistics (mean, min, max) only.
/// </summary>
public sealed record BaselineBand
{
    /// <summary>The evidence item's feature, e.g. <c>memory_limit_ratio.mean</c>.</summary>
    [JsonPropertyName("feature")]
    public required string Feature { get; init; }

    [JsonPropertyName("baseline")]
    public required double Baseline { get; init; }

    [JsonPropertyName("low")]
    public required double Low { get; init; }

    [JsonPropertyName("high")]
    public required double High { get; init; }

    [JsonPropertyName("deviation")]
    public double? Deviation { get; init; }
}

/// <summary>Builds an event's series windows from a <see cref="MetricsSnapshot"/>, within fixed caps.</summary>
public static class SeriesCapture
{
    /// <summary>At most this many series per window (those the evidence is about first).</summary>
    public const int MaxSeries = 12;

    /// <summary>At most this many points per series (evenly thinned, keeping the newest).</summary>
    public const int MaxPoints = 240;

    private static readonly HashSet<string> LevelStatistics = new(
        [nameof(FeatureStatistic.Mean), nameof(FeatureStatistic.Min), nameof(FeatureStatistic.Max)],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The entity's series of <paramref name="snapshot"/>, the ones its evidence names first, with baseline bands.</summary>
    public static SeriesWindow Window(MetricsSnapshot snapshot, EntityKey entity, IReadOnlyList<EvidenceItem> evidence, DateTimeOffset? from = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(evidence);
        var series = snapshot.Entities.FirstOrDefault(e => e.Entity == entity)?.Series ?? [];
        var named = evidence.Select(e => e.FeatureName).ToList();
        var ordered = series
            .Select((s, i) => (Series: s, Index: i, Rank: Rank(s.QueryId, named)))
            .OrderBy(s => s.Rank)
            .ThenBy(s => s.Index)
            .Select(s => s.Series)
            .ToList();
        var truncated = ordered.Count > MaxSeries;
        var lines = new List<SeriesLine>();
        foreach (var s in ordered.Take(MaxSeries))
        {
            var points = s.Samples
                .Where(p => double.IsFinite(p.Value) && (from is null || p.Timestamp >= from))
                .Select(p => new SeriesPoint(p.Timestamp.ToUnixTimeMilliseconds() / 1000.0, p.Value))
                .ToList();
            if (points.Count > MaxPoints)
            {
                truncated = true;
                points = Thin(points);
            }

            lines.Add(new SeriesLine { QueryId = s.QueryId, Labels = s.Labels, Points = points, Band = BandOf(s.QueryId, evidence) });
        }

        return new SeriesWindow
        {
            Start = from ?? snapshot.At - snapshot.Window,
            End = snapshot.At,
            Metrics = lines,
            Truncated = truncated,
            Errors = [.. snapshot.Errors.Select(e => $"{e.QueryId}: {e.Error}")],
        };
    }

    private static int Rank(string queryId, List<string> features)
    {
        var index = features.FindIndex(f => Signal(f) == queryId);
        return index < 0 ? int.MaxValue : index;
    }

    /// <summary>The signal a feature is computed from: <c>memory_limit_ratio.mean</c> → <c>memory_limit_ratio</c>.</summary>
    private static string Signal(string feature)
    {
        var dot = feature.LastIndexOf('.');
        return dot > 0 ? feature[..dot] : feature;
    }

    private static BaselineBand? BandOf(string queryId, IReadOnlyList<EvidenceItem> evidence)
    {
        foreach (var item in evidence)
        {
            var feature = item.FeatureName;
            var dot = feature.LastIndexOf('.');
            if (dot <= 0 || feature[..dot] != queryId || !LevelStatistics.Contains(feature[(dot + 1)..])
                || item.Baseline is not { } baseline || item.Value is not { } value || item.Deviation is not { } deviation
                || !double.IsFinite(baseline) || !double.IsFinite(value) || !double.IsFinite(deviation) || Math.Abs(deviation) < 1e-9)
            {
                continue;
            }

            var noise = Math.Abs(value - baseline) / Math.Abs(deviation);
            return new BaselineBand { Feature = feature, Baseline = baseline, Low = baseline - noise, High = baseline + noise, Deviation = deviation };
        }

        return null;
    }

    /// <summary>Every k-th point so that at most <see cref="MaxPoints"/> remain, always keeping the newest.</summary>
    private static List<SeriesPoint> Thin(List<SeriesPoint> points)
    {
        var stride = (int)Math.Ceiling(points.Count / (double)MaxPoints);
        var kept = new List<SeriesPoint>(MaxPoints);
        for (var i = points.Count - 1; i >= 0 && kept.Count < MaxPoints; i -= stride)
        {
            kept.Add(points[i]);
        }

        kept.Reverse();
        return kept;
    }
}
