using System.Diagnostics;
using KubeWise.Core.Progress;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Cli.Tests.Commands;

public sealed class TerminalProgressTests
{
    [Fact]
    public void A_waiting_step_keeps_its_elapsed_time_moving_and_the_line_is_erased_at_the_end()
    {
        var time = new FakeTimeProvider();
        var error = new StringWriter();
        var progress = new TerminalProgress(error, time);

        progress.Report(new ProgressUpdate("analysis", "explaining Deployment/shop/web", 0, 3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));
        Assert.Equal("analysis: explaining Deployment/shop/web 0/3 · 1s (gives up after 30s)", error.ToString());

        // Nothing new is reported while a dependency hangs: the line still counts up.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.EndsWith("\ranalysis: explaining Deployment/shop/web 0/3 · 6s (gives up after 30s)", error.ToString(), StringComparison.Ordinal);

        progress.Dispose();
        var screen = Screen(error.ToString());
        Assert.Equal(string.Empty, screen.Trim());

        // After the end nothing is drawn any more.
        var length = error.ToString().Length;
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(length, error.ToString().Length);
    }

    [Fact]
    public void Long_steps_are_cut_to_one_terminal_line()
    {
        var line = TerminalProgress.Line(new ProgressUpdate("scan", new string('x', 300), 0, null, TimeSpan.Zero));
        Assert.Equal(100, line.Length);
        Assert.EndsWith("…", line, StringComparison.Ordinal);
    }

    /// <summary>What a terminal shows after <paramref name="written"/>: each carriage return goes back to the line's start.</summary>
    internal static string Screen(string written)
    {
        var line = new char[400];
        Array.Fill(line, ' ');
        var column = 0;
        foreach (var c in written)
        {
            if (c == '\r')
            {
                column = 0;
            }
            else
            {
                line[column++] = c;
            }
        }

        return new string(line);
    }
}

/// <summary>The built <c>kubewise</c> on a real terminal (a pseudo-terminal from <c>script</c>) and redirected.</summary>
[Collection(ExplainCollection.Name)]
public sealed class TerminalProgressProcessTests(ExplainWorld world)
{
    [Fact]
    public async Task Progress_is_drawn_on_a_terminal_and_absent_when_stderr_is_redirected()
    {
        var home = Directory.CreateTempSubdirectory("kubewise-tty-").FullName;
        try
        {
            string[] args = ["scan", "--prometheus", world.Prometheus, "--at", "2025-06-02T09:32:00Z", "--model", world.ModelPath, "--explain", "--no-llm"];
            var environment = new Dictionary<string, string?> { ["GEMINI_API_KEY"] = null, ["KUBECONFIG"] = null, ["HOME"] = home };

            var redirected = await CliProcess.RunAsync(args, environment);
            Assert.True(redirected.ExitCode == 3, redirected.ToString());
            Assert.DoesNotContain('\r', redirected.Stderr);
            Assert.DoesNotContain("scan: ", redirected.Stderr, StringComparison.Ordinal);

            var terminal = await OnTerminalAsync(args, environment);
            Assert.True(terminal.ExitCode == 3, terminal.Output);
            Assert.Contains("scan: querying the last 10 min", terminal.Output, StringComparison.Ordinal);
            Assert.Contains("analysis: explaining ", terminal.Output, StringComparison.Ordinal);
            // The status line is erased before the result: the result's lines are whole.
            Assert.Contains("Nothing was applied.", terminal.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> OnTerminalAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = string.Join(' ', new[] { dotnet, Path.Combine(AppContext.BaseDirectory, "kubewise.dll") }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
