using System.Text.Json;
using System.Text.RegularExpressions;
using KubeWise.Testing;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// What the person at the terminal sees when something expected goes wrong: every command, under a bad setting, a bad
/// file or an unreachable dependency, ends with a short message on stderr, no stack trace, a documented exit code, and
/// on stdout nothing but its result (valid JSON where JSON was asked for).
/// </summary>
[Collection(ExplainCollection.Name)]
public sealed partial class OutputRulesProcessTests(ExplainWorld world)
{
    private static readonly string ClosedUrl = $"http://127.0.0.1:{LoopbackPort.Free()}";

    public sealed record Case(string Name, string[] Args, Dictionary<string, string?> Environment, int[] ExitCodes, string MustName);

    private static IEnumerable<Case> Cases(string directory)
    {
        var badKubeconfig = Path.Combine(directory, "kubeconfig.yaml");
        File.WriteAllText(badKubeconfig, "apiVersion: v1\nclusters: [\n  - : :\n");
        var badCsv = Path.Combine(directory, "metrics.csv");
        File.WriteAllText(badCsv, "no header here\n\u0001\u0002\n");
        var unreachablePrometheus = new Dictionary<string, string?> { ["PROMETHEUS_URL"] = ClosedUrl };

        // A setting the command reads stops it, naming the setting; one it does not read cannot block a read-only command.
        string[][] scans = [["scan", "-o", "json"], ["scan", "--explain", "--no-llm", "-o", "json"]];
        foreach (var command in scans.Prepend(["config"]))
        {
            yield return new Case($"ANOMALY_SCORE_THRESHOLD=abc {string.Join(' ', command)}", command,
                new Dictionary<string, string?>(unreachablePrometheus) { ["ANOMALY_SCORE_THRESHOLD"] = "abc" }, [1], "ANOMALY_SCORE_THRESHOLD");
        }

        foreach (var (variable, value) in new[] { ("GEMINI_AUTO_ANALYSIS", "yes"), ("WORKER_SLEEP_INTERVAL_SECONDS", "ten"), ("REMEDIATION_MODE", "YOLO") })
        {
            var environment = new Dictionary<string, string?>(unreachablePrometheus) { [variable] = value };
            yield return new Case($"{variable}={value} config", ["config"], environment, [1], variable);
            foreach (var command in scans)
            {
                yield return new Case($"{variable}={value} {string.Join(' ', command)}", command, environment, [1], ClosedUrl);
            }
        }

        yield return new Case("Prometheus unreachable: scan", ["scan", "-o", "json"], unreachablePrometheus, [1], ClosedUrl);
        yield return new Case("Prometheus unreachable: scan --explain", ["scan", "--explain", "--no-llm", "-o", "json"], unreachablePrometheus, [1], ClosedUrl);
        yield return new Case("malformed kubeconfig: scan --explain", ["scan", "--explain", "--no-llm", "--kubeconfig", badKubeconfig, "-o", "json"],
            unreachablePrometheus, [1], badKubeconfig);
        yield return new Case("malformed CSV: score", ["score", "--input", badCsv, "-o", "json"], [], [1], badCsv);
        yield return new Case("missing CSV: score", ["score", "--input", Path.Combine(directory, "absent.csv"), "-o", "json"], [], [1], "absent.csv");

        var unreachableApi = new Dictionary<string, string?> { ["KUBEWISE_API_URL"] = ClosedUrl };
        string[][] apiCommands = [["events", "-o", "json"], ["event", "a1", "-o", "json"], ["approve", "a1"], ["reject", "a1"], ["mode"], ["mode", "MANUAL"]];
        foreach (var command in apiCommands)
        {
            yield return new Case($"API unreachable: {string.Join(' ', command)}", command, unreachableApi, [1], ClosedUrl);
        }
    }

    [Fact]
    public async Task EveryCommand_UnderExpectedFailures_SaysSoInAFewLines_WithoutStackTraces()
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-output-rules-").FullName;
        try
        {
            var cases = Cases(directory).ToList();
            var violations = new List<string>();
            using var gate = new SemaphoreSlim(3);
            await Task.WhenAll(cases.Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    var env = new Dictionary<string, string?>(c.Environment) { ["KUBECONFIG"] = null, ["GEMINI_API_KEY"] = null, ["HOME"] = directory };
                    var run = await CliProcess.RunAsync(c.Args, env, directory);
                    var problems = Check(c, run).ToList();
                    if (problems.Count > 0)
                    {
                        lock (violations)
                        {
                            violations.Add($"[{c.Name}] {string.Join("; ", problems)}\n{run}");
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));

            Assert.True(violations.Count == 0, $"{violations.Count} of {cases.Count} cases broke the output rules:\n\n{string.Join("\n\n", violations)}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_JsonWithAFreshModelDirectory_StdoutIsOnlyTheDocument_LogsGoToStderr()
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-fresh-").FullName;
        try
        {
            // No model yet: the scan trains from history first, and what it says about that goes to stderr.
            var run = await CliProcess.RunAsync(
                ["scan", "--prometheus", world.Prometheus, "--at", "2025-06-02T09:32:00Z", "--lookback", "1h", "--model", Path.Combine(directory, "models", "forest.json"), "-o", "json"],
                new Dictionary<string, string?> { ["HOME"] = directory, ["KUBECONFIG"] = null }, directory);

            Assert.True(run.ExitCode is 0 or 3, run.ToString());
            using var json = JsonDocument.Parse(run.Stdout);
            Assert.True(json.RootElement.GetProperty("entities").GetInt32() > 0, run.ToString());
            Assert.DoesNotMatch(StackFrame(), run.Stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Scan_IsNotBlockedBySettingsItDoesNotRead()
    {
        var run = await CliProcess.RunAsync(["scan", "--prometheus", world.Prometheus, "--at", "2025-06-02T09:32:00Z", "--model", world.ModelPath, "-o", "json"],
            new Dictionary<string, string?> { ["REMEDIATION_MODE"] = "YOLO", ["WORKER_SLEEP_INTERVAL_SECONDS"] = "ten", ["KUBECONFIG"] = null });

        Assert.True(run.ExitCode is 0 or 3, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("entities").GetInt32() > 0, run.ToString());
    }

    [Fact]
    public async Task Scan_WithoutThePrometheusOption_UsesPROMETHEUS_URL()
    {
        var run = await CliProcess.RunAsync(["scan", "--at", "2025-06-02T09:32:00Z", "--model", world.ModelPath, "-o", "json"],
            new Dictionary<string, string?> { ["PROMETHEUS_URL"] = world.Prometheus, ["KUBECONFIG"] = null });

        Assert.True(run.ExitCode is 0 or 3, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(world.Prometheus, json.RootElement.GetProperty("prometheus").GetString());
    }

    [Fact]
    public async Task Scan_AnInvalidPROMETHEUS_URL_IsAUsageErrorNamingTheVariable()
    {
        var run = await CliProcess.RunAsync(["scan"], new Dictionary<string, string?> { ["PROMETHEUS_URL"] = "prometheus:9090" });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("PROMETHEUS_URL (Prometheus:Url): 'prometheus:9090' is not an http(s) URL", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_IsTheAppsVersion()
    {
        var expected = typeof(KubeWise.Core.Configuration.SettingsCatalog).Assembly.GetName().Version!.ToString(3);

        var run = await CliProcess.RunAsync(["--version"]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(expected, run.Stdout.Trim(), StringComparison.Ordinal);
        Assert.NotEqual("1.0.0", expected);
    }

    [Fact]
    public async Task Help_NamesTheCommand_AndUnknownCommandsAreAUsageError()
    {
        var scan = await CliProcess.RunAsync(["help", "scan"]);
        var unknown = await CliProcess.RunAsync(["help", "frobnicate"]);

        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("--prometheus", scan.Stdout, StringComparison.Ordinal);
        Assert.Contains("Scan a cluster's metrics once", scan.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_ShowsTheStackTrace_ThatTheDefaultHides()
    {
        var env = new Dictionary<string, string?> { ["ANOMALY_SCORE_THRESHOLD"] = "abc" };
        var quiet = await CliProcess.RunAsync(["scan", "--prometheus", ClosedUrl], env);
        var verbose = await CliProcess.RunAsync(["scan", "--prometheus", ClosedUrl, "--verbose"], env);

        Assert.Equal(1, quiet.ExitCode);
        Assert.DoesNotMatch(StackFrame(), quiet.Stderr);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Matches(StackFrame(), verbose.Stderr);
    }

    private static IEnumerable<string> Check(Case c, CliProcess.Result run)
    {
        if (!c.ExitCodes.Contains(run.ExitCode))
        {
            yield return $"exit {run.ExitCode}, expected {string.Join(" or ", c.ExitCodes)}";
        }

        if (StackFrame().IsMatch(run.Stderr) || StackFrame().IsMatch(run.Stdout))
        {
            yield return "a stack trace was printed";
        }

        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length is 0 or > 4)
        {
            yield return $"{lines.Length} lines on stderr (expected 1 to 4)";
        }

        if (!run.Stderr.Contains(c.MustName, StringComparison.Ordinal))
        {
            yield return $"stderr does not name {c.MustName}";
        }

        if (c.Args.Contains("json") && run.Stdout.Trim().Length > 0 && !IsJson(run.Stdout))
        {
            yield return "stdout is not JSON although JSON was asked for";
        }
        else if (!c.Args.Contains("json") && c.Args[0] != "config" && run.Stdout.Trim().Length > 0)
        {
            yield return "a failed command wrote to stdout";
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // A .NET stack frame: "   at Namespace.Type.Method(...)".
    [GeneratedRegex(@"^\s+at [\w.<>`]+.*\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
