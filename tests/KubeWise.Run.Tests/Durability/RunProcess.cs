using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.Testing;

namespace KubeWise.Run.Tests.Durability;

/// <summary>
/// <c>kubewise run</c> as a real process (<c>dotnet kubewise.dll run</c>, the CLI built beside the tests), on a fixed
/// port and data folder so it can be killed and started again on the same state. Its stderr is kept for failure messages.
/// </summary>
internal sealed class RunProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _log = new();
    private Process? _process;

    public RunProcess(string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        DataDirectory = dataDirectory;
        Port = LoopbackPort.Free();
        _environment = new Dictionary<string, string>(environment);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The Azurite process this run started or took over, from the state file beside its data.</summary>
    public int AzuriteProcessId =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(DataDirectory, "azurite", "kubewise-azurite.json")))!["ProcessId"]!.GetValue<int>();

    public string Log
    {
        get
        {
            lock (_log)
            {
                var text = _log.ToString();
                return text.Length > 12_000 ? text[^12_000..] : text;
            }
        }
    }

    /// <summary>Starts the process and waits until <c>/ready</c> answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan? timeout = null)
    {
        var kubewise = CliPath();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { kubewise, "run", "--port", Port.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
        return watch.Elapsed;
    }

    /// <summary>
    /// The CLI in its own build output (the project reference builds it): run from the test folder it would load this
    /// project's assemblies, whose versions its deps.json does not name.
    /// </summary>
    public static string CliPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = RepositoryPaths.Combine("src", "KubeWise.Cli", "bin", configuration, "net10.0", "kubewise.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: build src/KubeWise.Cli ({configuration}) first.");
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        process.Kill();
        await process.WaitForExitAsync();
        Append($"--- SIGKILL pid {process.Id} ---");
    }

    /// <summary>SIGTERM, then the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Not started.");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!
            : throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    public async Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, JsonNode body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Polls the event list until an event has <paramref name="status"/>.</summary>
    public async Task<JsonNode> WaitForEventAsync(string status, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var page = await GetJsonAsync($"/api/v1/remediation/events?status={status}");
            if (page["events"]!.AsArray().FirstOrDefault() is { } found)
            {
                return found;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"No event in {status} after {timeout}. Events: {(await GetJsonAsync("/api/v1/remediation/events")).ToJsonString()}\n{Log}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Polls one event until its status is one of <paramref name="statuses"/>.</summary>
    public async Task<JsonNode> WaitForStatusAsync(string id, TimeSpan timeout, params string[] statuses)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var anomaly = await GetJsonAsync($"/api/v1/remediation/events/{id}");
            if (statuses.Contains(anomaly["status"]!.GetValue<string>()))
            {
                return anomaly;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Event {id} is {anomaly["status"]} after {timeout}, expected {string.Join("/", statuses)}: {anomaly.ToJsonString()}\n{Log}");
            }

            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await TerminateAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        Http.Dispose();
        KillAzuriteIfRunning();
    }

    /// <summary>Waits until a line of the process's log (stderr and stdout, across restarts) contains <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            lock (_log)
            {
                if (_log.ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The log has no line with \"{text}\" after {timeout}.\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until Azurite has saved its table store to disk after <paramref name="after"/> (its own periodic save).</summary>
    public async Task WaitForAzuriteSaveAsync(DateTime after, TimeSpan timeout)
    {
        var tables = Path.Combine(DataDirectory, "azurite", "__azurite_db_table__.json");
        var watch = Stopwatch.StartNew();
        while (!File.Exists(tables) || File.GetLastWriteTimeUtc(tables) <= after)
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Azurite did not save {tables} after {after:O} within {timeout}.\n{Log}");
            }

            await Task.Delay(250);
        }

        Append($"--- Azurite saved its tables at {File.GetLastWriteTimeUtc(tables):O} ---");
    }

    /// <summary>SIGKILL to this run's Azurite.</summary>
    public void KillAzurite()
    {
        using var azurite = Process.GetProcessById(AzuriteProcessId);
        azurite.Kill();
        azurite.WaitForExit();
        Append($"--- SIGKILL Azurite pid {azurite.Id} ---");
    }

    private void KillAzuriteIfRunning()
    {
        try
        {
            KillAzurite();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException or JsonException or NullReferenceException)
        {
            // Stopped with the run, or never started.
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var last = "(no answer)";
        while (watch.Elapsed < timeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"kubewise run exited with {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var reply = await Http.GetAsync("/ready");
                last = $"{(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}";
                if (reply.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"kubewise run was not ready within {timeout}: {last}\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
