using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Analysis;

internal static class Verifications
{
    private static readonly RemediationCatalog Catalog = new(Options.Create(new RemediationCatalogOptions()));

    /// <summary>A catalog command from its text form (test input only; the workflow passes the recorded typed command).</summary>
    public static RemediationCommand Command(string text) =>
        Catalog.Parse(text).Command ?? throw new ArgumentException($"not a catalog command: {text}", nameof(text));

    public static VerificationRequest AfterRestart(double restartsAfter, double memoryAfter = 310, int tokensSpent = 0, params string[] executed)
    {
        var incident = Incidents.CrashLoop();
        return new VerificationRequest(
            incident.Anomaly,
            incident.Facts,
            new MetricSnapshot(Incidents.DetectedAt, new Dictionary<string, double> { ["restarts"] = 7, ["memory"] = 480 }),
            new MetricSnapshot(Incidents.DetectedAt.AddMinutes(5), new Dictionary<string, double> { ["restarts"] = restartsAfter, ["memory"] = memoryAfter }),
            [.. (executed.Length == 0 ? ["restart_deployment name=checkout ns=shop"] : executed).Select(Command)],
            tokensSpent);
    }
}
