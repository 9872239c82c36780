using System.Globalization;
using System.Text.Json.Nodes;
using KubeWise.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace KubeWise.Run.Tests.Hosting;

/// <summary><c>kubewise run</c> in this process through its public entry point, on free ports and a temporary folder.</summary>
internal sealed class RunHost : IAsyncDisposable
{
    private readonly string _folder;
    private bool _stopped;

    private RunHost(string folder, WebApplication app, int port)
    {
        _folder = folder;
        App = app;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public int Port { get; }

    public HttpClient Http { get; }

    public static async Task<RunHost> StartAsync(IReadOnlyDictionary<string, string?> settings, string? folder = null)
    {
        folder ??= Directory.CreateTempSubdirectory("kw-run-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var port = LoopbackPort.Free();
            var values = new Dictionary<string, string?>
            {
                ["Run:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["LiteDb:FilePath"] = Path.Combine(folder, "kubewise.db"),
                ["Detection:ModelPath"] = Path.Combine(folder, "model.json"),
                ["Run:Durable:DataDirectory"] = Path.Combine(folder, "azurite"),
                ["Prometheus:Url"] = "http://127.0.0.1:9",
                ["Prometheus:MaxRetries"] = "0",
                ["Worker:SleepIntervalSeconds"] = "1",
                ["ScanSchedule"] = "*/1 * * * * *",
            };
            foreach (var (key, value) in settings)
            {
                values[key] = value;
            }

            var app = KubeWiseRunHost.Build(values, logging => logging.SetMinimumLevel(LogLevel.Warning));
            try
            {
                await app.StartAsync();
                return new RunHost(folder, app, port);
            }
            catch (Exception e) when (attempt < 3 && LoopbackPort.IsAddressInUse(e))
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>Polls <c>/ready</c> until it answers 200; the last answer is in the failure message.</summary>
    public async Task<JsonNode> WaitReadyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            using var reply = await Http.GetAsync("/ready");
            last = $"{(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}";
            if (reply.IsSuccessStatusCode)
            {
                return JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"/ready did not answer 200: {last}");
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may hold its file a moment longer; the OS cleans temp folders.
        }
    }
}
