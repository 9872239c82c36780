using System.Diagnostics;

namespace KubeWise.Testing.Prometheus;

/// <summary>Runs <c>promtool</c>.</summary>
public static class Promtool
{
    /// <summary>Backfills <paramref name="openMetricsFile"/> into TSDB blocks under <paramref name="storagePath"/>.</summary>
    public static Task CreateBlocksAsync(string openMetricsFile, string storagePath) =>
        RunAsync(["tsdb", "create-blocks-from", "openmetrics", openMetricsFile, storagePath]);

    public static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(PrometheusBinaries.Promtool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("promtool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', info.ArgumentList)} ran longer than 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"promtool {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}):\n{await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }
}
