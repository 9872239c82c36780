using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// One real <c>prometheus</c> process on a free loopback port with its own storage folder, stopped by its PID.
/// Two safety nets keep a crashed test run from leaving it behind: a process-exit hook kills every instance still
/// running, and each PID is written to <c>KW_PROMETHEUS_PID_DIR</c> (when set) so tests/run-tests.sh can kill it.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string? _pidFile;

    static PrometheusProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values)
            {
                TryKill(process);
            }
        };
    }

    private PrometheusProcess(Process process, StringBuilder log, Uri url, string? pidFile)
    {
        _process = process;
        _log = log;
        Url = url;
        _pidFile = pidFile;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What Prometheus logged so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configYaml"/> over <paramref name="storagePath"/> and waits for <c>/-/ready</c>.</summary>
    public static async Task<PrometheusProcess> StartAsync(string configYaml, string storagePath, IEnumerable<string>? extraArguments = null, TimeSpan? readyTimeout = null)
    {
        Directory.CreateDirectory(storagePath);
        var configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storagePath))!, $"prometheus-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(configPath, configYaml).ConfigureAwait(false);
        var extra = extraArguments?.ToList() ?? [];

        // A port picked by the OS can be taken again before Prometheus binds it: try a few.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = LoopbackPort.Free();
            var instance = Launch(configPath, storagePath, port, extra);
            try
            {
                await instance.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                return instance;
            }
            catch (Exception ex) when (instance.HasExited && instance.Log.Contains("address already in use", StringComparison.Ordinal))
            {
                last = ex;
                await instance.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await instance.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        throw new InvalidOperationException("Prometheus could not bind a loopback port after 3 tries.", last);
    }

    private static PrometheusProcess Launch(string configPath, string storagePath, int port, List<string> extra)
    {
        var info = new ProcessStartInfo(PrometheusBinaries.Prometheus)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(storagePath))!,
        };
        foreach (var argument in new[]
        {
            $"--config.file={configPath}",
            $"--storage.tsdb.path={storagePath}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle",
            "--log.level=warn",
        }.Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                if (log.Length < 64 * 1024)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        Running[process.Id] = process;
        var pidFile = RecordPid(process.Id);
        return new PrometheusProcess(process, log, new Uri($"http://127.0.0.1:{port}/"), pidFile);
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode} while starting:\n{Log}");
            }

            try
            {
                using var response = await Probe.GetAsync(new Uri(Url, "-/ready")).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Probe timed out; try again.
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new TimeoutException($"Prometheus at {Url} was not ready within {timeout}:\n{Log}");
    }

    private static string? RecordPid(int pid)
    {
        var dir = Environment.GetEnvironmentVariable("KW_PROMETHEUS_PID_DIR");
        if (string.IsNullOrEmpty(dir))
        {
            return null;
        }

        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(path, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Stops this Prometheus (its lifecycle <c>/-/quit</c>, then a kill of its PID after 5 s) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                using var quit = await Probe.PostAsync(new Uri(Url, "-/quit"), content: null).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not answering: the kill below handles it.
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                TryKill(_process);
            }
        }

        Running.TryRemove(_process.Id, out _);
        if (_pidFile is not null)
        {
            File.Delete(_pidFile);
        }

        _process.Dispose();
    }
}
