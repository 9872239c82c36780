using System.Diagnostics;
using KubeWise.Run.Tests.Durability;

namespace KubeWise.Run.Tests.Hosting;

/// <summary><c>kubewise run</c> as a real process: what a person or Kubernetes sees at start and on SIGTERM.</summary>
public sealed class RunProcessTests
{
    [Fact]
    public async Task Sigterm_StopsCleanly_ExitsZeroAndStopsItsAzurite()
    {
        var folder = Directory.CreateTempSubdirectory("kw-run-term-").FullName;
        await using var run = new RunProcess(Path.Combine(folder, "data"), new Dictionary<string, string>
        {
            ["PROMETHEUS_URL"] = "http://127.0.0.1:9",
            ["MONGODB_ATLAS_URI"] = string.Empty,
        });
        await run.StartAsync();
        var azurite = run.AzuriteProcessId;

        var exit = await run.TerminateAsync();

        Assert.True(exit == 0, $"kubewise run exited {exit} on SIGTERM:\n{run.Log}");
        Assert.Contains("Stopping: the API stops first", run.Log, StringComparison.Ordinal);
        Assert.Contains($"Azurite stopped (pid {azurite})", run.Log, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(azurite));
        Assert.False(File.Exists(Path.Combine(folder, "data", "azurite", "kubewise-azurite.json")));
    }
}
