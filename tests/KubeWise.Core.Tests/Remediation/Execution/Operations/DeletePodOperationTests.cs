using k8s;
using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class DeletePodOperationTests
{
    private static DeletePodOperation Delete() => new(new DeletePodCommand("web-1", "shop"));

    [Fact]
    public async Task DeletePod_MarksThenDeletesWithUidPrecondition()
    {
        await using var h = await ExecutionHarness.StartAsync();
        var pod = h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a"));

        var result = await h.ValidateAndExecuteAsync(Delete());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Null(h.Server.Find<V1Pod>("shop", "web-1"));
        var delete = Assert.Single(h.Server.Writes, r => r is { Verb: "delete", DryRun: false });
        Assert.Contains(pod.Metadata.Uid, delete.Body, StringComparison.Ordinal);
        Assert.Contains(h.Server.Writes, r => r is { Verb: "delete", DryRun: true });
        Assert.False(result.Reversible);
        Assert.Contains(h.Server.List<Corev1Event>("shop"), e => e.InvolvedObject.Name == "web-1" && e.Reason == "KubeWiseRemediated");
    }

    [Fact]
    public async Task DeletePod_GracefulDeletionAnswerLost_RetrySeesTerminatingPodAndDoesNotDeleteAgain()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.GracefulPodDeletion = true;
        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a"));
        h.Server.FailNext(1, r => r is { Verb: "delete", DryRun: false }, 504, timing: FaultTiming.AfterHandling);

        var result = await h.ValidateAndExecuteAsync(Delete());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Single(h.Server.Writes, r => r is { Verb: "delete", DryRun: false });
        Assert.NotNull(h.Server.Get<V1Pod>("shop", "web-1").Metadata.DeletionTimestamp);
        Assert.Contains("the pod is already terminating", result.Notes);
    }

    [Fact]
    public async Task DeletePod_ReplacedByPodOfSameName_IsRefused()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a"));
        var op = Delete();
        var validated = await h.Executor.CaptureAsync(op);
        using (var client = h.Server.CreateClient())
        {
            await client.CoreV1.DeleteNamespacedPodAsync("web-1", "shop");
        }

        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-b"));

        var result = await h.Executor.ExecuteAsync(op, new ExecutionRequest("a-1", "alice", validated));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("replaced", result.Message, StringComparison.Ordinal);
        Assert.NotNull(h.Server.Find<V1Pod>("shop", "web-1"));
    }

    [Fact]
    public async Task DeletePod_ResponseLostAfterDelete_RetryConfirmsWithoutSecondDelete()
    {
        await using var h = await ExecutionHarness.StartAsync(new ExecutionOptions { RetryBaseDelay = TimeSpan.Zero });
        h.Server.Add(K8sObjects.Pod("shop", "web-1", "node-a"));
        h.Server.FailNext(1, r => r is { Verb: "delete", DryRun: false }, 500, timing: FaultTiming.AfterHandling);

        var result = await h.ValidateAndExecuteAsync(Delete());

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        Assert.Single(h.Server.Writes, r => r is { Verb: "delete", DryRun: false });
        Assert.Contains(result.Attempts, a => a.Outcome == "retried" && a.Error!.Code == 500);
    }
}
