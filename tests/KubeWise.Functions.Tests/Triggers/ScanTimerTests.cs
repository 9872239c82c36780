using KubeWise.Core.Events;
using KubeWise.Core.Incidents;
using KubeWise.Application.Orchestrations;
using KubeWise.Functions.Tests.Orchestrations;
using KubeWise.Application.Workflows;
using KubeWise.Functions.Triggers;
using KubeWise.Testing.Prometheus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Triggers;

/// <summary>
/// The timer's work against a real Prometheus (a crash-looping Deployment on the exporter): incidents open after two
/// anomalous cycles, start one orchestration under the incident's id, and are never started twice.
/// </summary>
public sealed class ScanTimerTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    [Fact]
    public async Task Tick_TwoAnomalousCycles_OpenTheIncidentAndStartOneOrchestration()
    {
        await using var h = await StartAsync();
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();

        var first = await workflow.TickAsync(h.Client);
        var second = await workflow.TickAsync(h.Client);

        Assert.Empty(first.Started);
        Assert.Single(first.Decisions!.Pending);
        var instanceId = Assert.Single(second.Started);
        var incident = Assert.Single(second.Decisions!.Opened);
        Assert.Equal(("deployment/shop/web", IncidentFamily.ContainerRestarts), (incident.Entity.ToString(), incident.Kind));
        Assert.Equal(incident.InstanceId, instanceId);

        var anomaly = await h.Events.GetAsync(incident.AnomalyId!);
        Assert.NotNull(anomaly);
        Assert.Equal(("web", "deployment", "shop"), (anomaly.EntityId, anomaly.EntityType, anomaly.Namespace));
        Assert.Equal("CrashLoopBackOff", anomaly.Evidence[0].Detector);
        await h.WaitForStageAsync(instanceId, RemediationStage.AwaitingApproval);
    }

    [Fact]
    public async Task Tick_LaterCycles_AttachToTheOpenIncident()
    {
        await using var h = await StartAsync();
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();
        await workflow.TickAsync(h.Client);
        await workflow.TickAsync(h.Client);

        var third = await workflow.TickAsync(h.Client);

        Assert.Empty(third.Started);
        Assert.Single(third.Decisions!.Attached);
        Assert.Single(await ListInstancesAsync(h.Client));
    }

    [Fact]
    public async Task Tick_CrashLoopThenRestartBurst_AttachesToTheOneIncident()
    {
        (string, string)[] container = [("namespace", WorkflowHarness.Namespace), ("pod", "web-6d4f-x2v9q"), ("container", "app")];
        prometheus.Exporter.Set("kube_pod_container_status_restarts_total", 40, container);
        // Range queries step at the scrape pace, so a restart a second ago is already in the window's last point.
        await using var h = await StartAsync(("Prometheus:ScrapeIntervalSeconds", "1"));
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();
        await workflow.TickAsync(h.Client);
        var second = await workflow.TickAsync(h.Client);
        var instanceId = Assert.Single(second.Started);

        // The crash loop goes on: enough restarts within the window for the restart-burst detector too.
        prometheus.Exporter.Set("kube_pod_container_status_restarts_total", 52, container);
        await prometheus.WaitForScrapesAsync();
        var third = await workflow.TickAsync(h.Client);
        var fourth = await workflow.TickAsync(h.Client);

        Assert.Contains(third.Report!.Anomalies, a => a.Detector == "RestartBurst" && a.Entity.ToString() == "deployment/shop/web");
        Assert.Empty(third.Started);
        Assert.Empty(fourth.Started);
        Assert.Empty(fourth.Decisions!.Pending);
        var incident = Assert.Single(fourth.Decisions.Attached);
        Assert.Equal((instanceId, IncidentFamily.ContainerRestarts), (incident.InstanceId, incident.Kind));
        Assert.Equal([instanceId], (await ListInstancesAsync(h.Client)).Select(i => i.InstanceId));
        var anomaly = Assert.Single((await h.Events.ListAsync(new EventQuery())).Items);
        Assert.Equal(incident.AnomalyId, anomaly.AnomalyId);
    }

    [Fact]
    public async Task Tick_CrashLoopAndRestartBurstWhenOpening_OneEventWithBothDetectorsEvidence()
    {
        (string, string)[] container = [("namespace", WorkflowHarness.Namespace), ("pod", "web-6d4f-x2v9q"), ("container", "app")];
        prometheus.Exporter.Set("kube_pod_container_status_restarts_total", 100, container);
        await using var h = await StartAsync(("Prometheus:ScrapeIntervalSeconds", "1"));
        prometheus.Exporter.Set("kube_pod_container_status_restarts_total", 112, container);
        await prometheus.WaitForScrapesAsync();
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();

        await workflow.TickAsync(h.Client);
        var second = await workflow.TickAsync(h.Client);

        var incident = Assert.Single(second.Decisions!.Opened);
        Assert.Equal(incident.InstanceId, Assert.Single(second.Started));
        var anomaly = await h.Events.GetAsync(incident.AnomalyId!);
        // The crash loop leads (analysis reads the first evidence's detector); the burst's evidence follows.
        Assert.Equal(["CrashLoopBackOff", "RestartBurst"], anomaly!.Evidence.Select(e => e.Detector).Distinct());
        Assert.Single(await ListInstancesAsync(h.Client));
    }

    [Fact]
    public async Task Tick_BookSaveLostAfterStart_DoesNotStartTheIncidentTwice()
    {
        await using var h = await StartAsync();
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();
        var books = h.Services.GetRequiredService<IncidentBookStore>();
        await workflow.TickAsync(h.Client);
        var second = await workflow.TickAsync(h.Client);
        var instanceId = Assert.Single(second.Started);

        // As if the save after the start was lost: the book still says "opened, not started".
        var book = await books.LoadAsync();
        await books.SaveAsync(book with { Entries = [.. book.Entries.Select(e => e with { Started = false })] });
        var third = await workflow.TickAsync(h.Client);

        Assert.Empty(third.Started);
        Assert.Equal([instanceId], (await ListInstancesAsync(h.Client)).Select(i => i.InstanceId));
        Assert.True((await books.LoadAsync()).Entries.Single().Started);
    }

    [Fact]
    public async Task Tick_SleepIntervalNotPassed_SkipsTheCycle()
    {
        await using var h = await StartAsync(("Worker:SleepIntervalSeconds", "3600"));
        var workflow = h.Services.GetRequiredService<ScanWorkflow>();

        var first = await workflow.TickAsync(h.Client);
        var second = await workflow.TickAsync(h.Client);

        Assert.True(first.Ran);
        Assert.False(second.Ran);
        Assert.Equal(first.Report!.At, await h.Services.GetRequiredService<IncidentBookStore>().LastSuccessfulCycleAsync());
    }

    [Fact]
    public async Task TimerFunction_CalledDirectly_RecordsTheLastSuccessfulCycle()
    {
        await using var h = await StartAsync();
        var function = ActivatorUtilities.CreateInstance<ScanTimerFunction>(h.Services);

        await function.RunAsync(new TimerInfo(), h.Client, CancellationToken.None);

        var last = await h.Services.GetRequiredService<IncidentBookStore>().LastSuccessfulCycleAsync();
        Assert.NotNull(last);
        Assert.True(DateTimeOffset.UtcNow - last < TimeSpan.FromMinutes(1));
    }

    private async Task<WorkflowHarness> StartAsync(params (string Key, string? Value)[] settings)
    {
        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        var all = new Dictionary<string, string?> { ["Worker:SleepIntervalSeconds"] = "1" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var h = await WorkflowHarness.StartAsync(prometheus.Url, "MANUAL", all);
        h.AddCluster();
        await prometheus.WaitForScrapesAsync();
        return h;
    }

    private static async Task<List<OrchestrationMetadata>> ListInstancesAsync(DurableTaskClient client)
    {
        var all = new List<OrchestrationMetadata>();
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            all.Add(instance);
        }

        return all;
    }
}
