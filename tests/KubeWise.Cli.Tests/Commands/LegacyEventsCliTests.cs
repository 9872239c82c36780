using KubeWise.Testing.Fixtures;

namespace KubeWise.Cli.Tests.Commands;

/// <summary><c>kubewise events|event|approve</c> over the LiteDB file the first release wrote (<see cref="LegacyEvents"/>).</summary>
public sealed class LegacyEventsCliTests : IAsyncLifetime
{
    private LoopbackFunctionsHost _host = null!;

    public async Task InitializeAsync() => _host = await LoopbackFunctionsHost.StartAsync(LegacyEvents.CopyLiteDb);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => _host.RunCliAsync(args);

    [Fact]
    public async Task Events_FirstReleaseEvents_OneRowEachWithTheEntity()
    {
        var (exit, output, error) = await RunAsync("events");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("node/worker-2", lines[1], StringComparison.Ordinal);
        Assert.Contains("Detected", lines[1], StringComparison.Ordinal);
        Assert.Contains("deployment/shop/web", lines[2], StringComparison.Ordinal);
        Assert.Contains("AwaitingApproval", lines[2], StringComparison.Ordinal);
        Assert.Contains("3 of 3 event(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_AwaitingApproval_ShowsEvidenceAndTheStoredCommands()
    {
        var (exit, output, error) = await RunAsync("event", LegacyEvents.AwaitingApprovalId);

        Assert.True(exit == 0, error);
        Assert.Contains("Entity    deployment/shop/web", output, StringComparison.Ordinal);
        Assert.Contains("Analysis  [HIGH] The web container crashes on start.", output, StringComparison.Ordinal);
        Assert.Contains("Evidence  RestartBurst: kube_pod_container_status_restarts_total: 7 restarts in 10m (threshold: 3)", output, StringComparison.Ordinal);
        Assert.Contains($"  - {LegacyEvents.Restart}\n  - {LegacyEvents.Scale}", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_Resolved_ShowsTheDecisionAndTheAttempt()
    {
        var (exit, output, error) = await RunAsync("event", LegacyEvents.ResolvedId);

        Assert.True(exit == 0, error);
        Assert.Contains("Evidence  IsolationForest: memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)", output, StringComparison.Ordinal);
        Assert.Contains("Decision  approved by alice", output, StringComparison.Ordinal);
        Assert.Contains($"Attempt   success {LegacyEvents.Restart}", output, StringComparison.Ordinal);
        Assert.Contains("Verified  fixed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_OneStoredCommand_ReachesTheWaitingWorkflow()
    {
        await _host.WaitForDecisionAsync(LegacyEvents.AwaitingApprovalId, LegacyEvents.AwaitingApprovalInstanceId);

        var (exit, output, error) = await RunAsync("approve", LegacyEvents.AwaitingApprovalId, "--command", LegacyEvents.Scale);

        Assert.True(exit == 0, error);
        Assert.Contains($"Approved event {LegacyEvents.AwaitingApprovalId} as key:carol.", output, StringComparison.Ordinal);
        var received = await _host.ReceivedAsync(LegacyEvents.AwaitingApprovalInstanceId);
        Assert.Equal([LegacyEvents.Scale], received!.Commands);
    }
}
