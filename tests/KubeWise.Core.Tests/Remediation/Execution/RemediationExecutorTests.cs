using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution;

public class RemediationExecutorTests
{
    private const string Command = "restart_deployment name=web ns=shop";

    private static RestartWorkloadOperation Restart() => new(new RestartDeploymentCommand("web", "shop"));

    private static bool RealDeploymentPatch(RecordedRequest r) => r is { Verb: "patch", Resource: "deployments", Subresource: null, DryRun: false };

    [Fact]
    public async Task Execute_SpecChangedAfterApproval_IsRefusedAndNothingWritten()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Template.Spec.Containers[0].Image = "nginx:1.28");

        var result = await h.Executor.ExecuteAsync(Restart(), new ExecutionRequest("a-1", "alice", validated));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("metadata.generation 1 is now 2", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task Execute_OnlyStatusChangedAfterApproval_IsApplied()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        var before = h.Server.Get<V1Deployment>("shop", "web").Metadata.ResourceVersion;
        var afterStatus = h.Server.UpdateStatus<V1Deployment>("shop", "web", d => d.Status.ReadyReplicas = 1);
        Assert.NotEqual(before, afterStatus.Metadata.ResourceVersion);

        var result = await h.Executor.ExecuteAsync(Restart(), new ExecutionRequest("a-1", "alice", validated));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
    }

    [Fact]
    public async Task Execute_TouchedFieldChangedWithoutGenerationKnown_IsRefusedNamingTheField()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Node("node-a"));
        var op = new CordonNodeOperation(new CordonNodeCommand("node-a"));
        var validated = await h.Executor.CaptureAsync(op);
        h.Server.Mutate<V1Node>(null, "node-a", n => n.Spec.Unschedulable = true);

        var result = await h.Executor.ExecuteAsync(op, new ExecutionRequest("a-1", "alice", validated with { Generation = null }));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("spec.unschedulable was unset, is now true", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_SameCommandSameAnomalyAgain_FindsMarkerAndSendsNothing()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        var request = new ExecutionRequest("a-1", "alice", validated);
        var first = await h.Executor.ExecuteAsync(Restart(), request);
        var restartedAt = h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Metadata.Annotations[KubeWiseAnnotations.RestartedAt];
        var writes = h.Server.Writes.Count(r => r.Resource != "events");
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var second = await h.Executor.ExecuteAsync(Restart(), request);

        Assert.Equal(ExecutionStatus.Applied, first.Status);
        Assert.Equal(ExecutionStatus.AlreadyApplied, second.Status);
        Assert.Equal((0, null), (second.Retries, second.LastTransientError));
        Assert.Equal(writes, h.Server.Writes.Count(r => r.Resource != "events"));
        Assert.Equal(restartedAt, h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Metadata.Annotations[KubeWiseAnnotations.RestartedAt]);
    }

    [Fact]
    public async Task Execute_AnswerLostAndRetriedInANewRun_AlreadyAppliedRecordsTheKubernetesEvent()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { MaxRetries = 0, RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        var request = new ExecutionRequest("a-1", "alice", validated);
        h.Server.FailNext(1, RealDeploymentPatch, 500, timing: FaultTiming.AfterHandling);

        var lost = await h.Executor.ExecuteAsync(Restart(), request);
        Assert.Equal(ExecutionStatus.Failed, lost.Status);
        Assert.Empty(h.Server.List<Corev1Event>("shop"));

        // The activity runs again: the marker shows the patch landed, and the Event the lost run never wrote is recorded.
        var retried = await h.Executor.ExecuteAsync(Restart(), request);

        Assert.Equal(ExecutionStatus.AlreadyApplied, retried.Status);
        Assert.Single(h.Server.Writes, RealDeploymentPatch);
        var announced = Assert.Single(h.Server.List<Corev1Event>("shop"));
        Assert.Equal((ChangeEvents.RemediatedReason, "Deployment", "web"), (announced.Reason, announced.InvolvedObject.Kind, announced.InvolvedObject.Name));
        Assert.Contains("a-1", announced.Message, StringComparison.Ordinal);
        Assert.Contains("alice", announced.Message, StringComparison.Ordinal);
        Assert.Empty(retried.Notes);
    }

    [Fact]
    public async Task Execute_AlreadyAppliedWithItsEventRecorded_EventAlreadyExistsCountsAsDone()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        var request = new ExecutionRequest("a-1", "alice", validated);
        await h.Executor.ExecuteAsync(Restart(), request);

        var again = await h.Executor.ExecuteAsync(Restart(), request);

        Assert.Equal(ExecutionStatus.AlreadyApplied, again.Status);
        var creates = h.Server.Requests.Where(r => r is { Verb: "create", Resource: "events" }).ToList();
        Assert.Equal([201, 409], creates.Select(c => c.StatusCode));
        Assert.Single(h.Server.List<Corev1Event>("shop"));
        Assert.Empty(again.Notes);
    }

    [Fact]
    public async Task Execute_SameCommandForAnotherAnomaly_IsAppliedAgain()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        await h.ValidateAndExecuteAsync(Restart(), "a-1");

        var second = await h.ValidateAndExecuteAsync(Restart(), "a-2");

        Assert.Equal(ExecutionStatus.Applied, second.Status);
        Assert.StartsWith("a-2/", h.Server.Get<V1Deployment>("shop", "web").Metadata.Annotations[KubeWiseAnnotations.Applied], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_WriteAppliedButAnswerLost_RetryFindsMarkerAndRestartsOnlyOnce()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.FailNext(1, RealDeploymentPatch, 503, timing: FaultTiming.AfterHandling);

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Single(h.Server.Writes, RealDeploymentPatch);
        Assert.Equal(["retried", ExecutionStatus.Applied], result.Attempts.Select(a => a.Outcome));
        Assert.Equal(503, result.Attempts[0].Error!.Code);
        Assert.Equal((1, 503), (result.Retries, result.LastTransientError!.Code));
        Assert.Single(h.Server.List<Corev1Event>("shop"));
    }

    [Fact]
    public async Task Execute_TooManyRequests_WaitsRetryAfterThenApplies()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.FailNext(1, RealDeploymentPatch, 429, retryAfterSeconds: 7);
        var start = h.Time.GetUtcNow();

        var result = await h.WithClockRunningAsync(() => h.ValidateAndExecuteAsync(Restart()), TimeSpan.FromSeconds(1));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.True(h.Time.GetUtcNow() - start >= TimeSpan.FromSeconds(7));
        Assert.Equal(429, result.Attempts[0].Error!.Code);
        Assert.Equal(2, h.Server.Requests.Count(RealDeploymentPatch));
    }

    [Fact]
    public async Task Execute_StaleResourceVersion_ReReadsAndAppliesOnce()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        // A controller's status write lands between KubeWise's read and its write: a real 409 on the precondition.
        h.Server.BeforeNext(RealDeploymentPatch, () => h.Server.UpdateStatus<V1Deployment>("shop", "web", d => d.Status.ReadyReplicas = 2));

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var patches = h.Server.Requests.Where(RealDeploymentPatch).ToList();
        Assert.Equal([409, 200], patches.Select(p => p.StatusCode));
        Assert.Equal("Conflict", result.Attempts[0].Error!.Reason);
    }

    [Fact]
    public async Task Execute_SpecChangeRacesTheWrite_ConflictThenRefused()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.BeforeNext(RealDeploymentPatch, () => h.Server.Mutate<V1Deployment>("shop", "web", d => d.Spec.Replicas = 9));

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Equal([409], h.Server.Requests.Where(RealDeploymentPatch).Select(p => p.StatusCode));
        Assert.False(h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Metadata.Annotations?.ContainsKey(KubeWiseAnnotations.RestartedAt) ?? false);
    }

    [Fact]
    public async Task Execute_ServerErrorsPersist_FailsWithApiStatusAfterBoundedRetries()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { MaxRetries = 2, RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.FailNext(10, RealDeploymentPatch, 500);

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(500, result.Error!.Code);
        Assert.Equal("InternalError", result.Error.Reason);
        Assert.Contains("injected by the fake API server", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, h.Server.Requests.Count(RealDeploymentPatch));
        Assert.True(result.DryRun!.Passed);
    }

    [Theory]
    [InlineData(403, "Forbidden")]
    [InlineData(422, "InternalError")]
    public async Task Execute_ClientErrorOnWrite_IsNotRetried(int code, string reason)
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.FailNext(1, RealDeploymentPatch, code);

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal((code, reason), (result.Error!.Code, result.Error.Reason));
        Assert.Single(h.Server.Requests, RealDeploymentPatch);
    }

    [Fact]
    public async Task Execute_DryRunFirst_OutcomeRecordedAndDryRunDoesNotPersist()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var rvBefore = h.Server.Get<V1Deployment>("shop", "web").Metadata.ResourceVersion;
        h.Server.FailNext(1, RealDeploymentPatch, 403);

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.True(result.DryRun!.Passed);
        var first = h.Server.Writes.First();
        Assert.True(first.DryRun);
        Assert.Contains("dryRun=All", first.Query, StringComparison.Ordinal);
        Assert.Equal(rvBefore, h.Server.Get<V1Deployment>("shop", "web").Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Execute_GuardRefuses_NothingWrittenAndReasonReported()
    {
        await using var h = await ExecutionHarness.StartAsync(null, new RefuseAll("remediation storm limit reached (5 in 10m)"));
        h.Server.Add(K8sObjects.Deployment("shop", "web"));

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Equal("remediation storm limit reached (5 in 10m)", result.Message);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task Execute_TargetDeleted_IsRefusedSayingSo()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var validated = await h.Executor.CaptureAsync(Restart());
        using (var client = h.Server.CreateClient())
        {
            await k8s.AppsV1OperationsExtensions.DeleteNamespacedDeploymentAsync(client.AppsV1, "web", "shop");
        }

        var result = await h.Executor.ExecuteAsync(Restart(), new ExecutionRequest("a-1", "alice", validated));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("no longer exists", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_EventCannotBeRecorded_ChangeStandsAndNoteSaysSo()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        h.Server.FailNext(1, r => r.Resource == "events", 403);

        var result = await h.ValidateAndExecuteAsync(Restart());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Contains(result.Notes, n => n.Contains("Event could not be recorded", StringComparison.Ordinal));
    }

    private sealed class RefuseAll(string reason) : IExecutionGuard
    {
        public Task<string?> CheckAsync(RemediationOperation operation, ExecutionRequest request, JsonObject live, CancellationToken ct) =>
            Task.FromResult<string?>(reason);
    }
}
