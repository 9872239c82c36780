using System.Text.Json;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution;

/// <summary>Requests and results cross durable activity boundaries and go to the event store as JSON.</summary>
public class ExecutionRecordsTests
{
    [Fact]
    public async Task RequestAndResults_RoundTripThroughJson()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web", replicas: 3));
        var command = new ScaleDeploymentCommand("web", "shop", 4);
        var request = new ExecutionRequest("a-1", "alice", await h.Executor.CaptureAsync(command)) { AnomalousEntity = new("Deployment", "shop", "web") };

        var carried = JsonSerializer.Deserialize<ExecutionRequest>(JsonSerializer.Serialize(request))!;
        var result = await h.Executor.ExecuteAsync(command, carried);
        var stored = JsonSerializer.Deserialize<ExecutionResult>(JsonSerializer.Serialize(result))!;
        var rollback = await h.Executor.RollbackAsync(command, stored);
        var rollbackJson = JsonSerializer.Serialize(rollback);

        Assert.Equal(request.Validated.Uid, carried.Validated.Uid);
        Assert.Equal("Deployment/shop/web", carried.AnomalousEntity!.Key);
        Assert.Equal((ExecutionStatus.Applied, "3", "4"), (stored.Status, stored.Before[0].Json, stored.After[0].Json));
        Assert.True(stored.DryRun!.Passed);
        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.Contains("\"Status\":\"rolled_back\"", rollbackJson, StringComparison.Ordinal);
    }
}
