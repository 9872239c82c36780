using System.Diagnostics;
using KubeWise.Testing;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// A MongoDB wire server (CongoDB, installed by tests/setup/20-mongo.sh) that this test owns: its data is saved on stop,
/// so <see cref="StopAsync"/> takes the server down like an outage and <see cref="StartAsync()"/> brings it back on the
/// same port with the same data.
/// </summary>
internal sealed class RestartableMongoServer : IAsyncDisposable
{
    private readonly string _storage = Directory.CreateTempSubdirectory("kubewise-e2e-mongo-").FullName;
    private readonly int _port = LoopbackPort.Free();
    private Process? _process;

    public string Url => $"mongodb://127.0.0.1:{_port}";

    private static string Script => Path.Combine(RepositoryPaths.Root, "tests", "KubeWise.Testing", "Mongo", "wire-server", "restartable.mjs");

    public static async Task<RestartableMongoServer> StartNewAsync()
    {
        var server = new RestartableMongoServer();
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        if (!File.Exists(Path.Combine(Path.GetDirectoryName(Script)!, "node_modules", "@push.rocks", "smartmongo", "package.json")))
        {
            throw new InvalidOperationException("CongoDB is not installed: run tests/run-tests.sh or `source tests/setup/20-mongo.sh` first.");
        }

        var portFile = Path.Combine(_storage, "port");
        File.Delete(portFile);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Script, _port.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(_storage, "data"), portFile })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        // Drained so a chatty server never blocks on a full pipe; stderr explains a failed start.
        var errors = new System.Text.StringBuilder();
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (!File.Exists(portFile) || new FileInfo(portFile).Length == 0)
        {
            if (_process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                lock (errors)
                {
                    throw new InvalidOperationException($"CongoDB did not start on {_port}: {errors}");
                }
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server (SIGTERM: it closes its files) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_storage, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }
}
