using KubeWise.EndToEnd.Tests.Harness;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Scenario 5: MongoDB is down for one timer cycle, in the middle of an incident's detection. The failed cycle is the
/// timer function failing (the host logs it and fires again); the next cycle continues from what the store kept, opens
/// the incident, and it is recorded and started exactly once. MongoDB only: an embedded LiteDB file has no server to lose.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task Tick_MongoDownForOneCycle_IncidentIsPickedUpNextCycleExactlyOnce()
    {
        await using var mongo = await RestartableMongoServer.StartNewAsync();
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions { Store = StoreKind.MongoDb, MongoUrl = mongo.Url });
        e2e.Cluster.AddCrashLooping("shop", "checkout");
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();

        await e2e.TickAsync();
        Assert.Empty((await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray());

        await mongo.StopAsync();
        await e2e.WaitForStoreAsync(reachable: false);
        var outage = await Record.ExceptionAsync(() => e2e.TickAsync());
        Assert.NotNull(outage);
        using (var listDuringOutage = await e2e.Api.GetAsync("remediation/events"))
        {
            Assert.Equal(503, (int)listDuringOutage.StatusCode);
        }

        await mongo.StartAsync();
        await e2e.WaitForStoreAsync(reachable: true);
        await e2e.TickAsync();

        // Two anomalous cycles were stored (before and after the outage): the incident opens now, recorded once.
        // Each later tick records and starts whatever it opens before it returns, and runs in a later second than
        // the last cycle, so a second start of this incident would show under ids of its own.
        var listed = await e2e.WaitForEventAsync("AwaitingApproval", TimeSpan.FromSeconds(30));
        for (var i = 0; i < 2; i++)
        {
            await e2e.WaitForNextCycleSecondAsync();
            await e2e.TickAsync();
        }

        var events = (await e2e.GetJsonAsync("remediation/events"))["events"]!.AsArray();
        var only = Assert.Single(events);
        Assert.Equal(listed["anomaly_id"]!.GetValue<string>(), only!["anomaly_id"]!.GetValue<string>());
        Assert.Equal("checkout", only["entity_id"]!.GetValue<string>());
        var orchestration = Assert.Single(await e2e.OrchestrationsAsync());
        Assert.Equal(only["orchestration_instance_id"]?.GetValue<string>(), orchestration.InstanceId);
    }
}
