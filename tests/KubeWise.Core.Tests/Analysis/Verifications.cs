using KubeWise.Core.Analysis;

namespace KubeWise.Core.Tests.Analysis;

internal static class Verifications
{
    public static VerificationRequest AfterRestart(double restartsAfter, double memoryAfter = 310, int tokensSpent = 0)
    {
        var incident = Incidents.CrashLoop();
        return new VerificationRequest(
            incident.Anomaly,
            incident.Facts,
            new MetricSnapshot(Incidents.DetectedAt, new Dictionary<string, double> { ["restarts"] = 7, ["memory"] = 480 }),
            new MetricSnapshot(Incidents.DetectedAt.AddMinutes(5), new Dictionary<string, double> { ["restarts"] = restartsAfter, ["memory"] = memoryAfter }),
            ["restart_deployment name=checkout ns=shop"],
            tokensSpent);
    }
}
