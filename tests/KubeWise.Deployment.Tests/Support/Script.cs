using System.Diagnostics;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Support;

public sealed record ScriptResult(int ExitCode, string Output, string Error, TimeSpan Elapsed);

/// <summary>Runs a repository script with bash, as a person would, and captures what it prints.</summary>
public static class Script
{
    public static ScriptResult Run(string relativePath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout) =>
        RunProgram("bash", [RepositoryPaths.Combine(relativePath), .. arguments], timeout, environment);

    public static ScriptResult RunProgram(string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        environment ??= new Dictionary<string, string?>();

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}: {stdout.Result}{stderr.Result}");
        }

        process.WaitForExit();
        return new ScriptResult(process.ExitCode, stdout.Result, stderr.Result, watch.Elapsed);
    }
}
