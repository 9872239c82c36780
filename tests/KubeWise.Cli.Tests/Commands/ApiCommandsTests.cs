using System.Text.Json.Nodes;
using KubeWise.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// <c>kubewise events|event|approve|reject|mode</c> against <see cref="LoopbackFunctionsHost"/>: the real function
/// classes behind real HTTP, with the key checked as the Functions host does.
/// </summary>
public sealed class ApiCommandsTests : IAsyncLifetime
{
    private LoopbackFunctionsHost _host = null!;

    public async Task InitializeAsync() => _host = await LoopbackFunctionsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => _host.RunCliAsync(args);

    [Fact]
    public async Task Events_StatusFilter_PrintsATableOfTheWaitingEvents()
    {
        var (waiting, _) = await _host.CreateWaitingEventAsync();

        var (exit, output, error) = await RunAsync("events", "--status", "AwaitingApproval");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ANOMALY ID", lines[0], StringComparison.Ordinal);
        Assert.Contains(waiting.AnomalyId, lines[1], StringComparison.Ordinal);
        Assert.Contains("AwaitingApproval", lines[1], StringComparison.Ordinal);
        Assert.Contains("deployment/shop/web", lines[1], StringComparison.Ordinal);
        Assert.Contains("1 of 1 event(s).", output, StringComparison.Ordinal);
        Assert.Equal($"Incident page: {_host.Url.TrimEnd('/')}/api/v1/dashboard#/events/{waiting.AnomalyId}", lines[^1].TrimEnd());
    }

    [Fact]
    public async Task Events_JsonOutput_IsTheApisAnswer()
    {
        var (waiting, _) = await _host.CreateWaitingEventAsync();

        var (exit, output, _) = await RunAsync("events", "--output", "json");

        Assert.Equal(0, exit);
        var body = JsonNode.Parse(output)!;
        Assert.Equal(waiting.AnomalyId, body["events"]![0]!["anomaly_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Event_Known_ShowsAnalysisCommandsAndAuditTrail_Unknown_ExitsOneWithTheProblem()
    {
        var (waiting, _) = await _host.CreateWaitingEventAsync();

        var (exit, output, _) = await RunAsync("event", waiting.AnomalyId);
        var (missingExit, _, missingError) = await RunAsync("event", AnomalyId.New());

        Assert.Equal(0, exit);
        Assert.Contains("Analysis  [HIGH] web crashes on start", output, StringComparison.Ordinal);
        Assert.Contains("  - restart_deployment name=web ns=shop", output, StringComparison.Ordinal);
        Assert.Contains("Audit trail", output, StringComparison.Ordinal);
        Assert.Equal(1, missingExit);
        Assert.Contains("Error 404: No such anomaly event.", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithComment_ReachesTheWorkflowAsTheKeysOwner()
    {
        var (waiting, instance) = await _host.CreateWaitingEventAsync();

        var (exit, output, error) = await RunAsync("approve", waiting.AnomalyId, "--comment", "ship it");

        Assert.True(exit == 0, error);
        Assert.Contains($"Approved event {waiting.AnomalyId} as key:carol.", output, StringComparison.Ordinal);
        var received = await _host.ReceivedAsync(instance);
        Assert.Equal((true, "key:carol", "ship it"), (received!.Approved, received.By, received.Comment));
    }

    [Fact]
    public async Task Reject_ReachesTheWorkflow_SecondDecisionIsAConflict()
    {
        var (waiting, instance) = await _host.CreateWaitingEventAsync();

        var (exit, output, _) = await RunAsync("reject", waiting.AnomalyId);
        var received = await _host.ReceivedAsync(instance);
        var (againExit, _, againError) = await RunAsync("approve", waiting.AnomalyId);

        Assert.Equal(0, exit);
        Assert.Contains("Rejected event", output, StringComparison.Ordinal);
        Assert.False(received!.Approved);
        Assert.Equal(1, againExit);
        Assert.Contains("Error 409", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode_ShowThenSet_RecordsWhoChangedIt()
    {
        var (showExit, shown, _) = await RunAsync("mode");
        var (setExit, set, _) = await RunAsync("mode", "AUTO");

        Assert.Equal(0, showExit);
        Assert.Contains("Mode MANUAL (set by configuration)", shown, StringComparison.Ordinal);
        Assert.Equal(0, setExit);
        Assert.Contains("Mode AUTO (set by key:carol", set, StringComparison.Ordinal);
        Assert.Equal("AUTO", (await _host.Services.GetRequiredService<RemediationModeStore>().GetAsync()).Mode);
    }

    [Fact]
    public async Task Mode_InvalidValue_IsAUsageErrorAndNothingIsSent()
    {
        var (exit, _, error) = await RunAsync("mode", "YOLO");

        Assert.Equal(2, exit);
        Assert.NotEmpty(error);
        Assert.Equal("MANUAL", (await _host.Services.GetRequiredService<RemediationModeStore>().GetAsync()).Mode);
    }

    [Fact]
    public async Task Events_WrongKey_ExitsOneWith401()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await KubeWiseCli.InvokeAsync(["events", "--url", _host.Url, "--key", "wrong"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("Error 401", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_NothingListening_ExitsOneSayingWhere()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await KubeWiseCli.InvokeAsync(["events", "--url", "http://127.0.0.1:9"], output, error);

        Assert.Equal(1, exit);
        Assert.Contains("Cannot reach the KubeWise API at http://127.0.0.1:9/", error.ToString(), StringComparison.Ordinal);
    }
}
