using System.Globalization;
using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>Builds a detector's anomaly: one condition, the value that met it and the threshold, carrying the rollout mark.</summary>
internal static class DetectorFinding
{
    public static Anomaly Create(EntityWindow window, string detector, AnomalySeverity severity, params Evidence[] evidence) =>
        new(window.Entity, detector, AnomalySeverityScores.ScoreOf(severity), severity, evidence, window.End)
        {
            DuringRollout = window.Rollout.InProgress,
        };

    public static Evidence Condition(string signal, string description, double value, double threshold, double contribution = 1.0) =>
        new(signal, description, value, threshold, null, contribution);

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
