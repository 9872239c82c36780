using System.Diagnostics;

namespace KubeWise.Testing.Mongo;

/// <summary>
/// A private CongoDB wire server (the one tests/setup/20-mongo.sh installs) for a test that must take MongoDB down
/// while the app runs. <see cref="StopAsync"/> kills it: every later call meets a closed port, as in a real outage.
/// </summary>
public sealed class MongoWireServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _portFile;

    private MongoWireServerProcess(Process process, string portFile, int port)
    {
        _process = process;
        _portFile = portFile;
        Url = $"mongodb://127.0.0.1:{port}";
    }

    public string Url { get; }

    public static async Task<MongoWireServerProcess> StartAsync()
    {
        var script = RepositoryPaths.Combine("tests", "KubeWise.Testing", "Mongo", "wire-server", "start.mjs");
        if (!File.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "@push.rocks", "smartmongo", "package.json")))
        {
            throw new InvalidOperationException("The CongoDB wire server is not installed: run the tests through tests/run-tests.sh, or `source tests/setup/20-mongo.sh` first.");
        }

        var portFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(portFile);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");

        // Drained so a chatty server never blocks on a full pipe; the errors explain a failed start.
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (new FileInfo(portFile).Length > 0 && int.TryParse(await File.ReadAllTextAsync(portFile).ConfigureAwait(false), out var port))
            {
                return new MongoWireServerProcess(process, portFile, port);
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        string error;
        lock (errors)
        {
            error = process.HasExited ? errors.ToString() : "no port within 20 s";
        }

        process.Kill(entireProcessTree: true);
        process.Dispose();
        File.Delete(portFile);
        throw new InvalidOperationException($"The CongoDB wire server did not start: {error}");
    }

    /// <summary>Kills the server and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
        File.Delete(_portFile);
    }
}
