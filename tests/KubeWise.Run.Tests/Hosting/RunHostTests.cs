using System.Diagnostics;
using System.Net;
using KubeWise.Run.Scanning;
using KubeWise.Testing.Mongo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Run.Tests.Hosting;

public sealed class RunHostTests
{
    [Fact]
    public async Task Start_InMemoryBackend_HealthIsAliveAndReadyNamesTheThrowAwayBackend()
    {
        await using var run = await RunHost.StartAsync(new Dictionary<string, string?> { ["Run:Durable:Backend"] = "InMemory" });

        using var health = await run.Http.GetAsync("/health");
        var ready = await run.WaitReadyAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"alive"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal("ready", ready["status"]!.GetValue<string>());
        Assert.StartsWith("in memory (throw-away", ready["durable"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("LiteDB", ready["store"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoApiKeys_ListensOnLoopbackOnly()
    {
        await using var run = await RunHost.StartAsync(new Dictionary<string, string?> { ["Run:Durable:Backend"] = "InMemory" });

        var addresses = run.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

        Assert.Equal([$"http://127.0.0.1:{run.Port}"], addresses);
    }

    [Fact]
    public async Task Start_AzuriteBackend_StartsAzuriteAndStopsItOnShutdown()
    {
        await using var run = await RunHost.StartAsync(new Dictionary<string, string?>());

        var ready = await run.WaitReadyAsync();
        var detail = ready["durable"]!["detail"]!.GetValue<string>();
        var pid = int.Parse(detail.Split("pid ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
        using var azurite = Process.GetProcessById(pid);
        await run.StopAsync();

        Assert.StartsWith("Azurite (pid", detail, StringComparison.Ordinal);
        Assert.True(azurite.HasExited, $"Azurite (pid {pid}) still runs after kubewise run stopped.");
    }

    [Fact]
    public async Task RunAsync_AzuriteMissing_ExitsOneWithOneLineSayingWhatToDo()
    {
        var folder = Directory.CreateTempSubdirectory("kw-run-missing-").FullName;
        using var error = new StringWriter();

        var exit = await KubeWiseRunHost.RunAsync(new Dictionary<string, string?>
        {
            ["Run:Port"] = "0",
            ["Run:Durable:AzuritePath"] = Path.Combine(folder, "no-azurite"),
            ["LiteDb:FilePath"] = Path.Combine(folder, "kubewise.db"),
        }, error);

        Assert.Equal(1, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kubewise run: Run:Durable:AzuritePath names", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoProcessesOnOneMongoStore_OnlyTheLeaseHolderScans_AndTheOtherTakesOverWhenItStops()
    {
        var store = new Dictionary<string, string?>
        {
            ["Run:Durable:Backend"] = "InMemory",
            ["MONGODB_ATLAS_URI"] = MongoTestServer.Url,
            ["Mongo:DatabaseName"] = MongoTestServer.NewDatabaseName("kw_run_lease"),
        };
        await using var first = await RunHost.StartAsync(store);
        await WaitAsync(() => Loop(first).Ticks >= 1, "the first process to scan");
        await using var second = await RunHost.StartAsync(store);

        var secondReady = await second.WaitReadyAsync();
        var ticksBefore = Loop(first).Ticks;
        await WaitAsync(() => Loop(first).Ticks >= ticksBefore + 3 && Lease(second).Tried, "three more ticks of the first process");

        Assert.Equal(0, Loop(second).Ticks);
        Assert.Equal("ready", secondReady["status"]!.GetValue<string>());
        Assert.Contains("standing by", (await second.WaitReadyAsync())["scan_loop"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        await first.StopAsync();
        await WaitAsync(() => Loop(second).Ticks >= 1, "the second process to take over the scan");
        Assert.True(Lease(second).Held);
    }

    private static ScanLoop Loop(RunHost run) => run.App.Services.GetRequiredService<ScanLoop>();

    private static ScanLease Lease(RunHost run) => run.App.Services.GetRequiredService<ScanLease>();

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
