using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// approve / reject go by the event's status: a workflow that waits but has not published its custom status yet (the
/// event is written first) still receives the decision, under the round the event's audit trail records.
/// </summary>
public sealed class ApprovalGatewayTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-gateway-").FullName;
    private DurableTaskTestHost _host = null!;

    private IEventStore Events => _host.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(_directory, "events.db"),
            ["Api:DecisionWait"] = "00:00:00",
            ["Api:KeyNames:alice"] = ApiHarness.Sha256(ApiHarness.AliceKey),
        }).Build();
        _host = await DurableTestHost.StartAsync(
            tasks => tasks.AddOrchestrator<SilentApprovalProbe>(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddMvcCore();
                },
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file for a moment.
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Decide_BrakedWorkflowWithoutPublishedStatus_RaisesTheSecondRoundByTheEvent(bool approve)
    {
        // First approval round, execution, then a MANUAL brake: the event is in its second AwaitingApproval.
        var instanceId = "silent-" + Guid.NewGuid().ToString("N");
        var anomaly = await BrakedEventAsync(instanceId);
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SilentApprovalProbe), 2, new StartOrchestrationOptions(instanceId));
        await _host.Client.WaitForInstanceStartAsync(instanceId);

        var request = Request("""{"comment":"decided"}""");
        var functions = ActivatorUtilities.CreateInstance<ApprovalFunctions>(_host.Services);
        var result = approve
            ? await functions.ApproveAsync(request, _host.Client, anomaly.AnomalyId, CancellationToken.None)
            : await functions.RejectAsync(request, _host.Client, anomaly.AnomalyId, CancellationToken.None);
        var response = await HostedFunction.RunAsync(request, result);

        Assert.Equal(202, response.Status);
        Assert.Equal("Approval-2", response.Body["approval_event"]!.GetValue<string>());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = (await _host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token)).ReadOutputAs<ApprovalEvent>();
        Assert.NotNull(received);
        Assert.Equal((approve, "key:alice", "decided"), (received.Approved, received.By, received.Comment));
        // Recorded on the event before it was raised: the answer (202, the workflow has not taken it yet) and the event agree.
        var stored = await Events.GetAsync(anomaly.AnomalyId);
        Assert.Equal(approve ? AnomalyStatus.Approved : AnomalyStatus.Rejected, stored!.Status);
        Assert.Equal(approve ? "Approved" : "Rejected", response.Body["event_status"]!.GetValue<string>());
        Assert.Equal(("key:alice", approve ? ApprovalKind.Approved : ApprovalKind.Rejected), (stored.ApprovalDecisions[^1].By, stored.ApprovalDecisions[^1].Decision));
    }

    [Fact]
    public void ApprovalRound_CountsEachMoveToAwaitingApproval()
    {
        var entries = new[] { AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved, AnomalyStatus.Remediating, AnomalyStatus.AwaitingApproval }
            .Select(s => new AuditEntry { At = DateTimeOffset.UtcNow, Actor = "orchestrator", Action = "status", ToStatus = s })
            .ToList();
        var anomaly = new AnomalyEvent { AnomalyId = AnomalyId.New(), EntityId = "web", EntityType = "deployment", AnomalyScore = -1, DetectionTimestamp = DateTimeOffset.UtcNow };

        Assert.Equal(1, ApprovalGateway.ApprovalRound(anomaly with { AuditTrail = entries.Take(2).ToList() }));
        Assert.Equal(2, ApprovalGateway.ApprovalRound(anomaly with { AuditTrail = entries }));
    }

    private async Task<AnomalyEvent> BrakedEventAsync(string instanceId)
    {
        var current = (await Events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = AnomalyId.New(),
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "web",
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.4,
        })).Event;
        AnomalyStatus[] path = [AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved, AnomalyStatus.Remediating, AnomalyStatus.AwaitingApproval];
        foreach (var next in path)
        {
            current = await Events.ApplyAsync(new EventChange
            {
                AnomalyId = current.AnomalyId,
                ExpectedStatus = current.Status,
                ExpectedVersion = current.Version,
                NewStatus = next,
                Actor = "orchestrator",
                OrchestrationInstanceId = next == AnomalyStatus.Analyzing ? instanceId : null,
                SuggestedCommands = next == AnomalyStatus.Analyzing ? [ApiHarness.Restart, ApiHarness.Scale] : null,
                Decision = next == AnomalyStatus.Approved ? new ApprovalDecision { Decision = ApprovalKind.Approved, By = "auto", At = DateTimeOffset.UtcNow } : null,
            });
        }

        return current;
    }

    private HttpRequest Request(string body)
    {
        var context = new DefaultHttpContext { RequestServices = _host.Services };
        context.Request.Method = "POST";
        context.Request.Headers[CallerIdentity.FunctionKeyHeader] = ApiHarness.AliceKey;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/json";
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Waits for <c>Approval-&lt;input&gt;</c> without ever publishing a custom status, and returns what it got.</summary>
    private sealed class SilentApprovalProbe : TaskOrchestrator<int, ApprovalEvent?>
    {
        public override async Task<ApprovalEvent?> RunAsync(TaskOrchestrationContext context, int input)
        {
            try
            {
                return await context.WaitForExternalEvent<ApprovalEvent>(ApprovalEvent.NameFor(input), TimeSpan.FromMinutes(2));
            }
            catch (TaskCanceledException)
            {
                return null;
            }
        }
    }
}
