using KubeWise.Core.Analysis;
using KubeWise.Core.Events;

namespace KubeWise.Functions.Activities;

/// <summary>
/// The event keeps each finding as detector, message, value and threshold; the message starts with the feature name
/// (<c>memory_working_set_bytes.slope = … (baseline …)</c> or <c>name: description</c>), which analysis and verification compare by.
/// </summary>
public static class IncidentEvidence
{
    public const string ForestDetector = "IsolationForest";

    public static AnomalyEvidence ToAnalysis(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new AnomalyEvidence(item.Detector, Feature(item), item.Value ?? 0, item.Threshold, 0, item.Message);
    }

    public static string Feature(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var ends = new[] { item.Message.IndexOf(" = ", StringComparison.Ordinal), item.Message.IndexOf(": ", StringComparison.Ordinal) };
        var end = ends.Where(i => i > 0).DefaultIfEmpty(item.Message.Length).Min();
        return item.Message[..end];
    }

    /// <summary>The entity's usual value per feature, as the detectors reported it.</summary>
    public static IReadOnlyDictionary<string, double> Baseline(AnomalyEvent anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        var baseline = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in anomaly.Evidence.Where(e => e.Threshold is not null))
        {
            baseline.TryAdd(Feature(item), item.Threshold!.Value);
        }

        return baseline;
    }

    /// <summary>The event's form of one detection finding.</summary>
    public static EvidenceItem FromDetection(string detector, Core.Detection.Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return new EvidenceItem
        {
            Detector = detector,
            Message = evidence.Description.StartsWith(evidence.Name, StringComparison.Ordinal) ? evidence.Description : $"{evidence.Name}: {evidence.Description}",
            Value = evidence.Value,
            Threshold = evidence.Baseline,
        };
    }
}
