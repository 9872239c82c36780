using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Application.Orchestrations;
using KubeWise.Functions.Tests.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The seed's <c>remediate</c> and <c>approve</c> against the real <see cref="RemediationOrchestrator"/> and its
/// activities (fake Kubernetes API server, fake Gemini, LiteDB): the command runs on the cluster and the answer carries
/// its result; the decision is recorded with the caller's identity.
/// </summary>
public sealed class ApprovalWorkflowTests
{
    private static readonly object Restart = new { operation = "restart_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };
    private static readonly Uri NoPrometheus = new("http://127.0.0.1:9");

    private static (IServiceProvider Services, T Function) Api<T>(WorkflowHarness h, string remediateWait = "00:00:30")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:RemediateWait"] = remediateWait,
            ["Api:DecisionWait"] = "00:00:10",
            ["Api:KeyNames:alice"] = ApiHarness.Sha256(ApiHarness.AliceKey),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton(h.Events).AddSingleton(TimeProvider.System);
        services.AddKubeWiseApi(configuration);
        services.AddMvcCore();
        var provider = services.BuildServiceProvider();
        return (provider, ActivatorUtilities.CreateInstance<T>(provider));
    }

    private static HttpRequest Post(IServiceProvider services, string body)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Headers[CallerIdentity.FunctionKeyHeader] = ApiHarness.AliceKey;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        context.Request.ContentType = "application/json";
        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    [Fact]
    public async Task Remediate_ManualEvent_RunsTheCommandAndAnswersTheSeedsShapeWithTheResult()
    {
        await using var h = await WorkflowHarness.StartAsync(NoPrometheus, "MANUAL");
        h.AddCluster();
        h.AnswerAnalysis(Restart);
        var instance = await h.StartIncidentAsync();
        await h.WaitForStageAsync(instance, RemediationStage.AwaitingApproval);
        var anomaly = await h.EventAsync(instance);
        var command = Assert.Single(anomaly.SuggestedRemediationCommands);
        var (services, functions) = Api<ApprovalFunctions>(h);

        var request = Post(services, $$"""{"command":"{{command}}"}""");
        var response = await HostedFunction.RunAsync(request, await functions.RemediateAsync(request, h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Equal("success", response.Body["status"]!.GetValue<string>());
        Assert.Equal("Remediation command executed successfully", response.Body["message"]!.GetValue<string>());
        Assert.Equal(anomaly.AnomalyId, response.Body["event_id"]!.GetValue<string>());
        Assert.Equal(command, response.Body["command"]!.GetValue<string>());
        Assert.Equal("success", response.Body["result"]!["status"]!.GetValue<string>());
        Assert.NotNull(response.Body["result"]!["timestamp"]);
        Assert.Single(h.DeploymentWrites());
        var decision = Assert.Single((await h.EventAsync(instance)).ApprovalDecisions);
        Assert.Equal(("key:alice", ApprovalKind.Approved), (decision.By, decision.Decision));
    }

    [Fact]
    public async Task Reject_ManualEvent_IsRecordedWithTheCallerAndNothingIsWritten()
    {
        await using var h = await WorkflowHarness.StartAsync(NoPrometheus, "MANUAL");
        h.AddCluster();
        h.AnswerAnalysis(Restart);
        var instance = await h.StartIncidentAsync();
        await h.WaitForStageAsync(instance, RemediationStage.AwaitingApproval);
        var anomaly = await h.EventAsync(instance);
        var (services, functions) = Api<ApprovalFunctions>(h);

        var request = Post(services, """{"comment":"not during the sale"}""");
        var response = await HostedFunction.RunAsync(request, await functions.RejectAsync(request, h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(200, response.Status);
        Assert.Equal("recorded", response.Body["status"]!.GetValue<string>());
        Assert.Equal("Rejected", response.Body["event_status"]!.GetValue<string>());
        var stored = await h.EventAsync(instance);
        var decision = Assert.Single(stored.ApprovalDecisions);
        Assert.Equal(("key:alice", "not during the sale"), (decision.By, decision.Comment));
        Assert.Empty(h.DeploymentWrites());
    }
}
