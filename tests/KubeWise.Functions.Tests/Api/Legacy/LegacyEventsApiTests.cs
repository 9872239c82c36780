using KubeWise.Application.Api;
using KubeWise.Functions.Api;
using KubeWise.Testing.Fixtures;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace KubeWise.Functions.Tests.Api.Legacy;

/// <summary>
/// The API over events the first release stored (<see cref="LegacyEvents"/>): listed and shown in the seed's shape, and
/// approved through <c>POST …/approve</c> with a suggested command as it was stored. A probe waits under the
/// event's own orchestration instance id, as the workflow that recorded it would.
/// </summary>
public abstract class LegacyEventsApiTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync(await StoreSettingsAsync());

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await CleanUpAsync();
    }

    /// <summary>Settings that point the app at a store holding the fixture's events.</summary>
    protected abstract Task<IDictionary<string, string?>> StoreSettingsAsync();

    protected abstract Task CleanUpAsync();

    [Fact]
    public async Task ListEvents_FirstReleaseEvents_InTheSeedShape()
    {
        var request = _h.Request("GET", query: "?limit=10");
        var response = await HostedFunction.RunAsync(request, await _h.Function<EventsFunctions>().ListAsync(request, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Equal(3, response.Body["total"]!.GetValue<long>());
        var node = response.Body["events"]![0]!;
        Assert.Equal(LegacyEvents.NodeId, node["anomaly_id"]!.GetValue<string>());
        Assert.Equal("node", node["entity_type"]!.GetValue<string>());
        Assert.Equal("worker-2", node["entity_id"]!.GetValue<string>());
        Assert.Null(node["namespace"]);
    }

    [Fact]
    public async Task GetEvent_AwaitingApproval_ShowsEntityEvidenceAndSuggestedCommands()
    {
        var request = _h.Request("GET");
        var response = await HostedFunction.RunAsync(request, await _h.Function<EventsFunctions>().GetAsync(request, LegacyEvents.AwaitingApprovalId, CancellationToken.None));

        Assert.Equal(200, response.Status);
        var e = response.Body;
        Assert.Equal("AwaitingApproval", e["status"]!.GetValue<string>());
        Assert.Equal(("deployment", "shop", "web"), (e["entity_type"]!.GetValue<string>(), e["namespace"]!.GetValue<string>(), e["entity_id"]!.GetValue<string>()));
        Assert.Equal([LegacyEvents.Restart, LegacyEvents.Scale], e["suggested_remediation_commands"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(["CrashLoopBackOff", "RestartBurst"], e["evidence"]!.AsArray().Select(c => c!["detector"]!.GetValue<string>()));
        Assert.Equal("kube_pod_container_status_restarts_total: 7 restarts in 10m (threshold: 3)", e["evidence"]![1]!["message"]!.GetValue<string>());
        Assert.Equal(3, e["evidence"]![1]!["threshold"]!.GetValue<double>());
    }

    [Fact]
    public async Task Approve_FirstReleaseEventWithAStoredCommand_RaisesTheDecision()
    {
        await _h.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalProbe), LegacyEvents.AwaitingApprovalId,
            new StartOrchestrationOptions(LegacyEvents.AwaitingApprovalInstanceId));

        var request = _h.Request("POST", $$"""{"comment":"go","commands":["{{LegacyEvents.Restart}}"]}""");
        var response = await HostedFunction.RunAsync(request,
            await _h.Function<ApprovalFunctions>().ApproveAsync(request, _h.Client, LegacyEvents.AwaitingApprovalId, CancellationToken.None));

        Assert.Equal(202, response.Status);
        var received = await _h.ReceivedAsync(LegacyEvents.AwaitingApprovalInstanceId);
        Assert.NotNull(received);
        Assert.True(received.Approved);
        Assert.Equal([LegacyEvents.Restart], received.Commands);
    }

    [Fact]
    public async Task Approve_CommandTheEventDidNotSuggest_Is400ListingTheStoredOnes()
    {
        var request = _h.Request("POST", """{"commands":["restart_deployment name=api ns=shop"]}""");
        var response = await HostedFunction.RunAsync(request,
            await _h.Function<ApprovalFunctions>().ApproveAsync(request, _h.Client, LegacyEvents.AwaitingApprovalId, CancellationToken.None));

        Assert.Equal(400, response.Status);
        Assert.Contains(LegacyEvents.Scale, response.Text, StringComparison.Ordinal);
    }
}
