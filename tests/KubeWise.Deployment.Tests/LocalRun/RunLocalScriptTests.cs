using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using KubeWise.Deployment.Tests.Support;

namespace KubeWise.Deployment.Tests.LocalRun;

/// <summary>
/// The README's run command, src/KubeWise.Functions/run-local.sh, run for real. It builds the app, so it shares a
/// collection with the tests that read the build's output.
/// </summary>
[Collection(RepositoryBuildCollection.Name)]
public partial class RunLocalScriptTests
{
    private const string ScriptPath = "src/KubeWise.Functions/run-local.sh";

    private static readonly string Configuration = typeof(RunLocalScriptTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    [Fact]
    public void Preflight_BuildsValidatesSettingsAndStartsAndStopsAzurite()
    {
        var result = Script.Run(ScriptPath, ["--preflight"], new Dictionary<string, string?> { ["KW_CONFIGURATION"] = Configuration }, TimeSpan.FromMinutes(8));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Configuration is valid.", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^REMEDIATION_MODE\s+Remediation:Mode\s+MANUAL\s+(default|environment|file)", result.Output);
        var listening = AzuriteLine().Match(result.Output);
        Assert.True(listening.Success, result.Output);
        Assert.Contains("Azurite stopped", result.Output, StringComparison.Ordinal);
        Assert.Contains("preflight passed", result.Output, StringComparison.Ordinal);

        // Stopped means stopped: nothing listens on the ports it used any more.
        foreach (var port in new[] { "blob", "queue", "table" }.Select(g => int.Parse(listening.Groups[g].Value, System.Globalization.CultureInfo.InvariantCulture)))
        {
            using var client = new TcpClient();
            Assert.ThrowsAny<SocketException>(() => client.Connect("127.0.0.1", port));
        }
    }

    [Fact]
    public void Preflight_InvalidSetting_FailsNamingTheSetting_BeforeStartingAnything()
    {
        var result = Script.Run(
            ScriptPath,
            ["--preflight"],
            new Dictionary<string, string?> { ["KW_CONFIGURATION"] = Configuration, ["REMEDIATION_MODE"] = "YOLO" },
            TimeSpan.FromMinutes(8));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("REMEDIATION_MODE", result.Error, StringComparison.Ordinal);
        Assert.Contains("the settings above are invalid", result.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(AzuriteLine(), result.Output);
    }

    [Fact]
    public void Run_WhereCoreToolsCannotBeDownloaded_FailsFastWithWhatToDoInstead()
    {
        // DESIGN.md: Core Tools' installer cannot reach its download host on these machines.
        Assert.False(
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "func"))),
            "func is on PATH here: this test describes a machine without Core Tools");
        var tools = Directory.CreateTempSubdirectory("kubewise-tools-");
        try
        {
            var result = Script.Run(ScriptPath, [], new Dictionary<string, string?> { ["KW_TOOLS"] = tools.FullName }, TimeSpan.FromMinutes(5));

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Azure Functions Core Tools could not be installed", result.Error, StringComparison.Ordinal);
            Assert.Contains("docker compose up --build", result.Error, StringComparison.Ordinal);
            Assert.Contains("--preflight", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("building", result.Output, StringComparison.Ordinal);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(90), $"took {result.Elapsed}");
        }
        finally
        {
            tools.Delete(recursive: true);
        }
    }

    [Fact]
    public void UnknownArgument_IsAUsageError()
    {
        var result = Script.Run(ScriptPath, ["--prefligth"], new Dictionary<string, string?>(), TimeSpan.FromMinutes(1));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument '--prefligth'", result.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Azurite [0-9.]+ listening on 127\.0\.0\.1:(?<blob>[0-9]+) \(blob\), :(?<queue>[0-9]+) \(queue\), :(?<table>[0-9]+) \(table\)")]
    private static partial Regex AzuriteLine();
}
