namespace KubeWise.Core.Detection;

public enum AnomalySeverity
{
    Warning,
    Critical,
}

public static class AnomalySeverityScores
{
    /// <summary>
    /// Detector findings get a score on the forest's scale (negative = anomalous, lower = worse) so one list of
    /// anomalies sorts by urgency whatever found them: a critical finding ranks with the most isolated rows.
    /// </summary>
    public static double ScoreOf(AnomalySeverity severity) => severity == AnomalySeverity.Critical ? -1.0 : -0.6;
}

public static class AnomalySeverityNames
{
    /// <summary>
    /// A finding's severity in the words analyses and events use (<c>HIGH</c>, <c>MEDIUM</c>), so a person reads one
    /// vocabulary everywhere: a critical finding is HIGH, a warning MEDIUM.
    /// </summary>
    public static string Name(this AnomalySeverity severity) => severity == AnomalySeverity.Critical ? "HIGH" : "MEDIUM";
}
