using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace KubeWise.Run.Durable;

/// <summary>
/// Azurite as a child process, persisting under one data directory. The ports and process id are kept in a state file
/// beside the data, so a <c>kubewise run</c> that was killed finds its Azurite still running and takes it over (two
/// Azurite processes must never share a directory); a stale state file whose process is gone is replaced.
/// Stopping sends SIGTERM, so Azurite writes what it holds in memory before it exits.
/// </summary>
internal sealed partial class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's well-known development key (documented by Microsoft; not a secret).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private const string StateFileName = "kubewise-azurite.json";

    private readonly ILogger _logger;

    private AzuriteProcess(int processId, AzuritePorts ports, string dataDirectory, ILogger logger)
    {
        ProcessId = processId;
        Ports = ports;
        DataDirectory = dataDirectory;
        _logger = logger;
    }

    public int ProcessId { get; }

    public AzuritePorts Ports { get; }

    public string DataDirectory { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{Ports.Blob}/{AccountName};QueueEndpoint=http://127.0.0.1:{Ports.Queue}/{AccountName};"
        + $"TableEndpoint=http://127.0.0.1:{Ports.Table}/{AccountName};";

    /// <summary>Takes over the Azurite of <paramref name="dataDirectory"/> if it still runs, otherwise starts one.</summary>
    public static async Task<AzuriteProcess> StartAsync(string executable, string dataDirectory, ILogger logger, CancellationToken ct)
    {
        dataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var stateFile = Path.Combine(dataDirectory, StateFileName);
        if (ReadState(stateFile) is { } previous && IsAzuriteOf(previous.ProcessId, dataDirectory))
        {
            if (await AnswersAsync(previous.Ports, ct).ConfigureAwait(false))
            {
                RunLog.AzuriteAdopted(logger, previous.ProcessId, dataDirectory);
                return new AzuriteProcess(previous.ProcessId, previous.Ports, dataDirectory, logger);
            }

            await StopProcessAsync(previous.ProcessId, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ports = new AzuritePorts(FreePort(), FreePort(), FreePort());
            var log = Path.Combine(dataDirectory, "azurite.log");
            var process = Launch(executable, dataDirectory, ports, log);
            File.WriteAllText(stateFile, JsonSerializer.Serialize(new AzuriteState(process.Id, ports)));
            var azurite = new AzuriteProcess(process.Id, ports, dataDirectory, logger);
            var started = Stopwatch.StartNew();
            while (!await AnswersAsync(ports, ct).ConfigureAwait(false))
            {
                if (process.HasExited)
                {
                    var tail = TailOf(log);
                    if (attempt < 3 && tail.Contains("EADDRINUSE", StringComparison.Ordinal))
                    {
                        break;
                    }

                    throw new RunStartException($"Azurite ({executable}) exited with code {process.ExitCode} while starting: {tail}");
                }

                if (started.Elapsed > TimeSpan.FromSeconds(60))
                {
                    await azurite.DisposeAsync().ConfigureAwait(false);
                    throw new RunStartException($"Azurite ({executable}) did not answer within 60 s; its log is {log}.");
                }

                await Task.Delay(100, ct).ConfigureAwait(false);
            }

            if (!process.HasExited)
            {
                RunLog.AzuriteStarted(logger, process.Id, ports.Blob, ports.Queue, ports.Table, dataDirectory, started.Elapsed.TotalSeconds);
                return azurite;
            }
        }
    }

    /// <summary>SIGTERM, then SIGKILL after 10 s; the state file goes, so the next start launches a fresh process.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync(ProcessId, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        File.Delete(Path.Combine(DataDirectory, StateFileName));
        RunLog.AzuriteStopped(_logger, ProcessId);
    }

    private static Process Launch(string executable, string dataDirectory, AzuritePorts ports, string log)
    {
        string[] arguments =
        [
            "--silent", "--location", dataDirectory, "--disableTelemetry", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        var start = new ProcessStartInfo { UseShellExecute = false };
        if (OperatingSystem.IsWindows())
        {
            start.FileName = executable;
        }
        else
        {
            // Through sh so Azurite's output goes to a file, not to a pipe that breaks when this process is killed, and
            // in its own session (setsid), so a Ctrl-C on the terminal reaches kubewise run alone, which then stops
            // Azurite after the work in flight. exec keeps the process id Azurite's own.
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(
                "if command -v setsid >/dev/null 2>&1; then exec setsid \"$0\" \"$@\" >>\"$KW_AZURITE_LOG\" 2>&1 </dev/null; "
                + "else exec \"$0\" \"$@\" >>\"$KW_AZURITE_LOG\" 2>&1 </dev/null; fi");
            start.Environment["KW_AZURITE_LOG"] = log;
        }

        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new RunStartException($"Azurite ({executable}) could not be started.");
    }

    private static async Task<bool> AnswersAsync(AzuritePorts ports, CancellationToken ct)
    {
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            using var client = new TcpClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAzuriteOf(int processId, string dataDirectory)
    {
        // /proc names the command line on Linux; elsewhere a live process of that id is taken as ours.
        var cmdline = $"/proc/{processId}/cmdline";
        if (File.Exists(cmdline))
        {
            var text = File.ReadAllText(cmdline).Replace('\0', ' ');
            return text.Contains("azurite", StringComparison.OrdinalIgnoreCase) && text.Contains(dataDirectory, StringComparison.Ordinal);
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited && !OperatingSystem.IsLinux();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task StopProcessAsync(int processId, TimeSpan grace)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            if (!OperatingSystem.IsWindows())
            {
                _ = Kill(processId, 15);
            }

            using var timeout = new CancellationTokenSource(OperatingSystem.IsWindows() ? TimeSpan.Zero : grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static AzuriteState? ReadState(string stateFile)
    {
        try
        {
            return File.Exists(stateFile) ? JsonSerializer.Deserialize<AzuriteState>(File.ReadAllText(stateFile)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string TailOf(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log);
            return string.Join(" | ", lines.TakeLast(5)).Trim();
        }
        catch (IOException)
        {
            return "(no output)";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private sealed record AzuriteState(int ProcessId, AzuritePorts Ports);
}

/// <summary>Azurite's three loopback ports.</summary>
internal sealed record AzuritePorts(int Blob, int Queue, int Table);
