using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Workflows;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Testing.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The API recorded a decision on the event, and the raise that should have followed never reached the orchestration
/// (the host stopped between the two). The timer's reconciler finds the event Approved/Rejected while its orchestration
/// still waits, and raises the decision the event records into that wait.
/// </summary>
public sealed class DecisionReconcilerTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-reconciler-").FullName;
    private DurableTaskTestHost _host = null!;

    private IEventStore Events => _host.Services.GetRequiredService<IEventStore>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(_directory, "events.db"),
        }).Build();
        _host = await DurableTestHost.StartAsync(
            tasks => tasks.AddOrchestrator<WaitingProbe>(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
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
    public async Task Reconcile_DecisionRecordedButNeverRaised_RaisesTheRecordedDecisionIntoTheWait(bool approved)
    {
        var instanceId = "waiting-" + Guid.NewGuid().ToString("N");
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingProbe), new StartOrchestrationOptions(instanceId));
        await WaitForCustomStatusAsync(instanceId);
        var decidedAt = DateTimeOffset.UtcNow.AddSeconds(-40);
        var anomaly = await DecidedEventAsync(instanceId, approved, "key:bob", decidedAt);

        var raised = await Reconciler(TimeSpan.FromSeconds(30)).ReconcileAsync(_host.Client);

        Assert.Equal([instanceId], raised);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = (await _host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token)).ReadOutputAs<ApprovalEvent>();
        Assert.NotNull(received);
        Assert.Equal((approved, "key:bob", "decided while the host went down"), (received.Approved, received.By, received.Comment));
        // The event is untouched: the reconciler delivers, it never records a second decision.
        var after = await Events.GetAsync(anomaly.AnomalyId);
        Assert.Equal((anomaly.Version, 1), (after!.Version, after.ApprovalDecisions.Count));
    }

    [Fact]
    public async Task Reconcile_DecisionYoungerThanTheRedeliveryDelay_IsLeftToItsOwnRaise()
    {
        var instanceId = "waiting-" + Guid.NewGuid().ToString("N");
        await _host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitingProbe), new StartOrchestrationOptions(instanceId));
        await WaitForCustomStatusAsync(instanceId);
        await DecidedEventAsync(instanceId, approved: true, "key:bob", DateTimeOffset.UtcNow.AddSeconds(-5));

        Assert.Empty(await Reconciler(TimeSpan.FromSeconds(30)).ReconcileAsync(_host.Client));
        Assert.Equal([instanceId], await Reconciler(TimeSpan.FromSeconds(1)).ReconcileAsync(_host.Client));
    }

    private DecisionReconciler Reconciler(TimeSpan after) =>
        new(Events, new StaticMonitor(new RemediationWorkflowOptions { DecisionRedeliveryAfter = after }), TimeProvider.System, NullLogger<DecisionReconciler>.Instance);

    private async Task WaitForCustomStatusAsync(string instanceId)
    {
        var limit = DateTime.UtcNow.AddSeconds(20);
        while (await _host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true) is var instance && instance?.SerializedCustomStatus is not { Length: > 0 })
        {
            Assert.True(DateTime.UtcNow < limit, $"The probe shows no wait: {instance?.RuntimeStatus} {instance?.FailureDetails}");
            await Task.Delay(50);
        }
    }

    /// <summary>An event the API moved to Approved/Rejected (the write), without the raise that follows it.</summary>
    private async Task<AnomalyEvent> DecidedEventAsync(string instanceId, bool approved, string by, DateTimeOffset at)
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
        foreach (var next in new[] { AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, approved ? AnomalyStatus.Approved : AnomalyStatus.Rejected })
        {
            current = await Events.ApplyAsync(new EventChange
            {
                AnomalyId = current.AnomalyId,
                ExpectedStatus = current.Status,
                ExpectedVersion = current.Version,
                NewStatus = next,
                Actor = next is AnomalyStatus.Approved or AnomalyStatus.Rejected ? by : "orchestrator",
                OrchestrationInstanceId = next == AnomalyStatus.Analyzing ? instanceId : null,
                SuggestedCommands = next == AnomalyStatus.Analyzing ? ["restart_deployment name=web ns=shop"] : null,
                Decision = next is AnomalyStatus.Approved or AnomalyStatus.Rejected
                    ? new ApprovalDecision
                    {
                        Decision = approved ? ApprovalKind.Approved : ApprovalKind.Rejected,
                        By = by,
                        At = at,
                        Comment = "decided while the host went down",
                    }
                    : null,
            });
        }

        return current;
    }

    /// <summary>Shows the first approval wait as the remediation orchestration does, and returns what it receives.</summary>
    private sealed class WaitingProbe : TaskOrchestrator<object?, ApprovalEvent?>
    {
        public override async Task<ApprovalEvent?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var name = ApprovalEvent.NameFor(1);
            context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, 1, name, context.CurrentUtcDateTime.AddMinutes(2), "waiting"));
            try
            {
                return await context.WaitForExternalEvent<ApprovalEvent>(name, TimeSpan.FromMinutes(2));
            }
            catch (TaskCanceledException)
            {
                return null;
            }
        }
    }

    private sealed class StaticMonitor(RemediationWorkflowOptions value) : IOptionsMonitor<RemediationWorkflowOptions>
    {
        public RemediationWorkflowOptions CurrentValue => value;

        public RemediationWorkflowOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RemediationWorkflowOptions, string?> listener) => null;
    }
}
