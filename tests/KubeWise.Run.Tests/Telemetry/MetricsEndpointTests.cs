using System.Globalization;
using System.Text.RegularExpressions;
using KubeWise.Run.Tests.Durability;

namespace KubeWise.Run.Tests.Telemetry;

/// <summary>
/// <c>kubewise run</c> as a real process: after one crash-loop incident is approved, fixed and verified, its
/// <c>/metrics</c> endpoint (anonymous, Prometheus text format) shows exactly that incident.
/// </summary>
public sealed partial class MetricsEndpointTests
{
    [Fact]
    public async Task AfterOneApprovedIncident_MetricsShowExactlyWhatHappened()
    {
        await using var world = await CrashLoopWorld.StartAsync();
        var run = world.Run;
        await run.StartAsync();
        var id = (await run.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(120)))["anomaly_id"]!.GetValue<string>();
        var (status, _) = await run.PostJsonAsync($"/api/v1/remediation/events/{id}/approve", CrashLoopWorld.ApproveRestart());
        Assert.True(status is 200 or 202, $"approve answered {status}\n{run.Log}");
        await run.WaitForStatusAsync(id, TimeSpan.FromSeconds(90), "Resolved");

        // The events gauge is read at the end of a scan: wait for the first scan after the event resolved.
        var text = await ScrapeUntilAsync(run, t => Sum(t, "kubewise_events", ("status", "Resolved")) == 1, TimeSpan.FromSeconds(30));

        Assert.Equal(1, Sum(text, "kubewise_incidents_opened_total"));
        Assert.Equal(1, Sum(text, "kubewise_remediations_total", ("operation", "restart_deployment"), ("outcome", "applied")));
        Assert.Equal(1, Sum(text, "kubewise_remediations_total"));
        Assert.Equal(1, Sum(text, "kubewise_verifications_total", ("result", "resolved")));
        Assert.Equal(0, Sum(text, "kubewise_rollbacks_total"));
        // No Gemini key: the rule analyzer answered, and says why.
        Assert.Equal(1, Sum(text, "kubewise_model_calls_total", ("purpose", "analysis"), ("analyzer", "rules")));
        Assert.Equal(1, Sum(text, "kubewise_model_fallbacks_total", ("reason", "not_configured")));
        Assert.Equal(1, Sum(text, "kubewise_approval_wait_seconds_count", ("decision", "approved")));
        Assert.Equal(0, Sum(text, "kubewise_events", ("status", "AwaitingApproval")));
        Assert.True(Sum(text, "kubewise_scans_total", ("outcome", "succeeded")) >= 1, text);
        Assert.Equal(0, Sum(text, "kubewise_scans_total", ("outcome", "failed")));
        Assert.Equal(0, Sum(text, "kubewise_store_errors_total"));
        Assert.Equal(0, await run.TerminateAsync());
    }

    private static async Task<string> ScrapeUntilAsync(RunProcess run, Func<string, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            using var response = await run.Http.GetAsync("/metrics", cts.Token);
            var text = await response.Content.ReadAsStringAsync(cts.Token);
            Assert.True(response.IsSuccessStatusCode, $"/metrics answered {(int)response.StatusCode}: {text}");
            if (done(text))
            {
                return text;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"/metrics did not show the expected series within {timeout}:\n{text}");
            }

            await Task.Delay(250, cts.Token);
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    private static double Sum(string exposition, string name, params (string Key, string Value)[] labels) =>
        exposition.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name)
            .Where(m => labels.All(l => m.Groups["labels"].Value.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)""")]
    private static partial Regex Sample();
}
