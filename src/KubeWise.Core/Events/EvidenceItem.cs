using System.Text.Json.Serialization;
using KubeWise.Core.Detection;

namespace KubeWise.Core.Events;

/// <summary>
/// One finding on the event, as data: which detector, about which feature or signal, the measured value, what it was
/// compared with, how far off and how much it explains. <see cref="Message"/> is the same finding in words, for
/// people; nothing reads values back out of it. The seed's fields (<c>detector</c>, <c>message</c>, <c>value</c>,
/// <c>threshold</c>) keep their meaning; the others were added beside them and are absent on events stored earlier.
/// </summary>
public sealed record EvidenceItem
{
    /// <summary>The detector or rule that found it (<see cref="DetectorIds"/>): the evidence's source.</summary>
    [JsonPropertyName("detector")]
    public required string Detector { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("value")]
    public double? Value { get; init; }

    /// <summary>What the value was compared with: the threshold a detector's condition crossed, or the forest's baseline.</summary>
    [JsonPropertyName("threshold")]
    public double? Threshold { get; init; }

    /// <summary>The feature (<c>memory_working_set_bytes.slope</c>) or condition signal the finding is about.</summary>
    [JsonPropertyName("feature")]
    public string? Feature { get; init; }

    /// <summary>The entity's own usual value of the feature, when the detector knows one (the forest does).</summary>
    [JsonPropertyName("baseline")]
    public double? Baseline { get; init; }

    /// <summary>Normalised deviation from the baseline (the forest's noise units); null for threshold detectors.</summary>
    [JsonPropertyName("deviation")]
    public double? Deviation { get; init; }

    /// <summary>Share of the finding this item explains, 0..1.</summary>
    [JsonPropertyName("contribution")]
    public double? Contribution { get; init; }

    /// <summary>Since when the condition holds, when the detector knows it.</summary>
    [JsonPropertyName("onset")]
    public DateTimeOffset? Onset { get; init; }

    /// <summary>
    /// <see cref="Feature"/>; for an event stored before evidence carried it, the feature its message began with
    /// (<c>name = …</c> or <c>name: …</c>, the only form the first release wrote).
    /// </summary>
    [JsonIgnore]
    public string FeatureName => Feature ?? FirstReleaseFeature(Message);

    /// <summary>The event's form of one detection finding.</summary>
    public static EvidenceItem From(string detector, Evidence evidence)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(evidence);
        return new EvidenceItem
        {
            Detector = detector,
            Message = evidence.Description.StartsWith(evidence.Name, StringComparison.Ordinal) ? evidence.Description : $"{evidence.Name}: {evidence.Description}",
            Value = evidence.Value,
            Threshold = evidence.Baseline,
            Feature = evidence.Name,
            // A detector's baseline is a threshold unless it measured a deviation from the entity's own baseline.
            Baseline = detector == DetectorIds.IsolationForest || evidence.Deviation is not null ? evidence.Baseline : null,
            Deviation = evidence.Deviation,
            Contribution = evidence.Contribution,
            Onset = evidence.Onset,
        };
    }

    private static string FirstReleaseFeature(string message)
    {
        var ends = new[] { message.IndexOf(" = ", StringComparison.Ordinal), message.IndexOf(": ", StringComparison.Ordinal) };
        var end = ends.Where(i => i > 0).DefaultIfEmpty(message.Length).Min();
        return message[..end];
    }
}
