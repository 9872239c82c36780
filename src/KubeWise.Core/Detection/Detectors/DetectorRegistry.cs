using KubeWise.Core.Entities;

namespace KubeWise.Core.Detection.Detectors;

/// <summary>
/// The one list of deterministic detectors. Running them never throws: a detector that fails is recorded as
/// <c>[name] error</c> and the others still run.
/// </summary>
public sealed class DetectorRegistry
{
    public DetectorRegistry(IEnumerable<IAnomalyDetector> detectors)
    {
        ArgumentNullException.ThrowIfNull(detectors);
        Detectors = [.. detectors];
        var duplicate = Detectors.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two detectors are named '{duplicate.Key}'.", nameof(detectors));
        }
    }

    public IReadOnlyList<IAnomalyDetector> Detectors { get; }

    /// <summary>Every built-in detector, thresholds from <paramref name="options"/>.</summary>
    public static DetectorRegistry CreateDefault(DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DetectorRegistry(
        [
            new CrashLoopBackOffDetector(),
            new OomKilledDetector(),
            new RestartBurstDetector(options.RestartBurstThreshold),
            new ReplicasUnavailableDetector(TimeSpan.FromSeconds(options.ReplicasUnavailableGraceSeconds)),
            NodeConditionDetector.NotReady(),
            NodeConditionDetector.MemoryPressure(),
            NodeConditionDetector.DiskPressure(),
            NodeConditionDetector.PidPressure(),
            new ApiServerLatencyDetector(options.ApiServerP99LatencyThresholdSeconds),
            new FlatLineDetector(options),
            SaturationDetector.Memory(options),
            SaturationDetector.Cpu(options),
        ]);
    }

    /// <summary>Runs every detector on <paramref name="window"/>, adding findings and failures to the lists.</summary>
    public void Run(EntityWindow window, ICollection<Anomaly> anomalies, ICollection<DetectorError> errors)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var detector in Detectors)
        {
            try
            {
                if (detector.Detect(window) is { } anomaly)
                {
                    anomalies.Add(anomaly);
                }
            }
#pragma warning disable CA1031 // A detector's bug must not stop the scan cycle; the failure is recorded and reported.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                errors.Add(new DetectorError(detector.Name, window.Entity, ex.Message));
            }
        }
    }
}
