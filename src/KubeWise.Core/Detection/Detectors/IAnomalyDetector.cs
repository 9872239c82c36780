using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>A deterministic check of one anomaly type. Detectors ignore entity types they do not apply to and facts that are null.</summary>
public interface IAnomalyDetector
{
    /// <summary>Stable name, shown as the anomaly's detector and in <c>[name] error</c> records.</summary>
    string Name { get; }

    /// <summary>The finding for <paramref name="window"/>, or null when the condition does not hold.</summary>
    Anomaly? Detect(EntityWindow window);
}
