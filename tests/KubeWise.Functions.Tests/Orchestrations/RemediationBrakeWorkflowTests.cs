using KubeWise.Application.Api;
using k8s.Models;
using KubeWise.Core.Events;
using KubeWise.Application.Activities;
using KubeWise.Functions.Api;
using KubeWise.Application.Orchestrations;
using KubeWise.Functions.Tests.Api;
using KubeWise.Testing.Prometheus;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The emergency brake on a running AUTO remediation: switching to MANUAL after the first command stops it before the
/// next one, the event itself shows AwaitingApproval with who pulled the brake, and the API's approve / reject decide
/// the rest by the event's status — with the real orchestrator, activities and API functions.
/// </summary>
public sealed class RemediationBrakeWorkflowTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    private const string RestartCommand = "restart_deployment name=web ns=shop";
    private const string ScaleCommand = "scale_deployment name=web ns=shop replicas=5";
    private static readonly object Restart = new { operation = "restart_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };
    private static readonly object Scale = new { operation = "scale_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, replicas = 5, rationale = "More capacity." };

    [Fact]
    public async Task Brake_ManualAfterTheFirstCommand_EventAwaitsApprovalAndTheApiApprovalAppliesOnlyTheRest()
    {
        await using var h = await StartBrakedAsync();
        var id = await h.StartIncidentAsync();

        var braked = await h.WaitForEventAsync(id, e => e.Status == AnomalyStatus.AwaitingApproval);
        var brake = braked.AuditTrail.Last(a => a.ToStatus == AnomalyStatus.AwaitingApproval);
        Assert.Equal(AnomalyStatus.Remediating, brake.FromStatus);
        Assert.Contains("switched to MANUAL by carol", brake.Comment, StringComparison.Ordinal);
        Assert.Contains($"applied so far: {RestartCommand}", brake.Comment, StringComparison.Ordinal);
        var (services, api) = Api(h);
        var shown = await RunAsync(services, "GET", null, (r, ct) => api.Events.GetAsync(r, braked.AnomalyId, ct));
        Assert.Equal("AwaitingApproval", shown.Body["status"]!.GetValue<string>());
        // The run waits for a person, with nothing of its own still running: the first command ran and no other.
        await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        Assert.Empty(h.Activities.Running(id));
        Assert.Equal(1, h.Activities.Started(id, nameof(ExecuteCommandActivity)));
        Assert.Single(h.DeploymentWrites());

        // The person approves the rest once the restart has rolled out (a scale during a rollout is refused).
        await h.WaitForRolloutAsync();
        var answer = await RunAsync(services, "POST", """{"comment":"finish it"}""", (r, ct) => api.Approvals.ApproveAsync(r, h.Client, braked.AnomalyId, ct));
        var outcome = await h.WaitForOutcomeAsync(id);

        Assert.Equal(200, answer.Status);
        Assert.True(outcome.Stage == RemediationStage.Resolved, $"ended {outcome.Stage}: {outcome.Summary}");
        Assert.Equal([RestartCommand, ScaleCommand], outcome.Executed);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(
            [AnomalyStatus.Detected, AnomalyStatus.Analyzing, AnomalyStatus.Remediating, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved, AnomalyStatus.Remediating, AnomalyStatus.Verifying, AnomalyStatus.Resolved],
            anomaly.AuditTrail.Where(a => a.ToStatus is not null).Select(a => a.ToStatus!.Value));
        Assert.Equal(("key:alice", ApprovalKind.Approved), (Assert.Single(anomaly.ApprovalDecisions).By, anomaly.ApprovalDecisions[0].Decision));

        // The restart ran once (before the brake) and was not applied again after the approval; the scale ran once.
        var writes = h.DeploymentWrites();
        Assert.Single(writes, w => w.Body?.Contains("kubectl.kubernetes.io/restartedAt", StringComparison.Ordinal) == true);
        Assert.Single(writes, w => w.Subresource == "scale");
        Assert.Equal(5, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
    }

    [Fact]
    public async Task Brake_RejectedThroughTheApi_EndsRejectedAndNothingFurtherIsApplied()
    {
        await using var h = await StartBrakedAsync();
        var id = await h.StartIncidentAsync();
        var braked = await h.WaitForEventAsync(id, e => e.Status == AnomalyStatus.AwaitingApproval);
        var (services, api) = Api(h);

        var answer = await RunAsync(services, "POST", """{"comment":"leave it as it is"}""", (r, ct) => api.Approvals.RejectAsync(r, h.Client, braked.AnomalyId, ct));
        var outcome = await h.WaitForOutcomeAsync(id);

        Assert.Equal(200, answer.Status);
        Assert.Equal("Rejected", answer.Body["event_status"]!.GetValue<string>());
        Assert.True(outcome.Stage == RemediationStage.Rejected, $"ended {outcome.Stage}: {outcome.Summary}");
        Assert.Equal([RestartCommand], outcome.Executed);
        var anomaly = await h.EventAsync(id);
        Assert.Equal(AnomalyStatus.Rejected, anomaly.Status);
        var decision = Assert.Single(anomaly.ApprovalDecisions);
        Assert.Equal((ApprovalKind.Rejected, "key:alice", "leave it as it is"), (decision.Decision, decision.By, decision.Comment));
        var stopped = Assert.Single(anomaly.AuditTrail, a => a.Action == "remediation stopped");
        Assert.Contains($"what was applied stays as it is: {RestartCommand}", stopped.Comment, StringComparison.Ordinal);
        Assert.Null(anomaly.Rollback);
        Assert.Equal("success", Assert.Single(anomaly.RemediationAttempts).Status);
        // The run has ended (it runs nothing more) after one command.
        Assert.Equal(1, h.Activities.Started(id, nameof(ExecuteCommandActivity)));
        Assert.Single(h.DeploymentWrites());
        Assert.Equal(3, h.Kube.Get<V1Deployment>(WorkflowHarness.Namespace, WorkflowHarness.Deployment).Spec.Replicas);
    }

    /// <summary>AUTO, a restart then a scale; carol switches to MANUAL as the restart is written (and the restart heals the pod).</summary>
    private async Task<WorkflowHarness> StartBrakedAsync()
    {
        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        var h = await WorkflowHarness.StartAsync(prometheus.Url, "AUTO");
        h.AddCluster();
        await prometheus.WaitForScrapesAsync();
        h.AnswerAnalysis(Restart, Scale);
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () =>
        {
            h.Modes.SetAsync("MANUAL", "carol").GetAwaiter().GetResult();
            ClusterMetrics.Heal(prometheus.Exporter);
        });
        return h;
    }

    private sealed record ApiFunctions(EventsFunctions Events, ApprovalFunctions Approvals);

    /// <summary>The API's function classes over the workflow's event store, as the Functions app wires them.</summary>
    private static (IServiceProvider Services, ApiFunctions Functions) Api(WorkflowHarness h)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:DecisionWait"] = "00:00:10",
            ["Api:KeyNames:alice"] = ApiHarness.Sha256(ApiHarness.AliceKey),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(h.Events).AddSingleton(TimeProvider.System);
        services.AddKubeWiseApi(configuration);
        services.AddMvcCore();
        var provider = services.BuildServiceProvider();
        return (provider, new ApiFunctions(ActivatorUtilities.CreateInstance<EventsFunctions>(provider), ActivatorUtilities.CreateInstance<ApprovalFunctions>(provider)));
    }

    private static async Task<ApiResponse> RunAsync(IServiceProvider services, string method, string? body, Func<HttpRequest, CancellationToken, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var request = HostedFunction.Request(services, method, body, headers: new Dictionary<string, string> { [CallerIdentity.FunctionKeyHeader] = ApiHarness.AliceKey });
        return await HostedFunction.RunAsync(request, await call(request, CancellationToken.None));
    }
}
