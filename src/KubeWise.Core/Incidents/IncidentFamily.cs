using KubeWise.Core.Detection;

namespace KubeWise.Core.Incidents;

/// <summary>
/// The anomaly kind an incident is tracked by: a problem family, not the single detector that fired. Detectors that
/// report one problem from different sides share a family, so a crash loop that later also counts as a restart burst
/// stays one incident instead of opening a second one (and a second remediation of the same workload).
/// </summary>
public static class IncidentFamily
{
    /// <summary>Containers of a workload keep restarting: OOM kills, CrashLoopBackOff and restart bursts are one problem.</summary>
    public const string ContainerRestarts = "ContainerRestarts";

    /// <summary>A node condition gone bad: the runbook answers every one of them by cordoning the node.</summary>
    public const string NodeCondition = "NodeCondition";

    // Most specific cause first: the leading detector's finding is the one analysis reads first (an OOM kill explains
    // the back-off, the back-off explains the burst).
    private static readonly string[][] Families =
    [
        [ContainerRestarts, DetectorIds.OomKilled, DetectorIds.CrashLoopBackOff, DetectorIds.RestartBurst],
        [NodeCondition, DetectorIds.NodeNotReady, DetectorIds.NodeMemoryPressure, DetectorIds.NodeDiskPressure, DetectorIds.NodePidPressure],
    ];

    /// <summary>The family of <paramref name="detector"/>; a detector outside every family (the forest, FlatLine…) is its own family.</summary>
    public static string Of(string detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        foreach (var family in Families)
        {
            if (Rank(family, detector) >= 0)
            {
                return family[0];
            }
        }

        return detector;
    }

    /// <summary>Orders findings of one family: the most specific detector first (0), then any detector the family does not list.</summary>
    public static int Precedence(string detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        foreach (var family in Families)
        {
            var rank = Rank(family, detector);
            if (rank >= 0)
            {
                return rank;
            }
        }

        return int.MaxValue;
    }

    private static int Rank(string[] family, string detector) =>
        Array.IndexOf(family, detector, 1) is var i and >= 1 ? i - 1 : -1;
}
