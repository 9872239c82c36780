using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;

namespace KubeWise.Core.Tests.Remediation.Execution.Operations;

public class SetResourcesOperationTests
{
    private static SetResourcesOperation Set(string arguments)
    {
        var parsed = new RemediationCatalog().Parse($"set_resources name=web ns=shop {arguments}");
        return new((SetResourcesCommand)(parsed.Command ?? throw new InvalidOperationException(parsed.Error!.Reason)));
    }

    [Fact]
    public async Task SetResources_MergesOneContainerAndLeavesTheRest()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));

        var result = await h.ValidateAndExecuteAsync(Set("container=app memory_request=512Mi memory_limit=1Gi"));

        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var containers = h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Spec.Containers;
        Assert.Equal(["app", "sidecar"], containers.Select(c => c.Name));
        var app = containers[0].Resources;
        Assert.Equal("512Mi", app.Requests["memory"].ToString());
        Assert.Equal("100m", app.Requests["cpu"].ToString());
        Assert.Equal("1Gi", app.Limits["memory"].ToString());
        Assert.Equal("envoy:1.30", containers[1].Image);
        Assert.Equal(
            [("spec.template.spec.containers[name=app].resources.requests.memory", "\"128Mi\""), ("spec.template.spec.containers[name=app].resources.limits.memory", "\"256Mi\"")],
            result.Before.Select(f => (f.Path, f.Json)));
        Assert.Equal(["\"512Mi\"", "\"1Gi\""], result.After.Select(f => f.Json));
    }

    [Fact]
    public async Task SetResources_RequestAboveLimit_DryRunFailsWithApiStatusAndNothingChanges()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));

        var result = await h.ValidateAndExecuteAsync(Set("container=app memory_request=2Gi"));

        Assert.Equal(ExecutionStatus.DryRunFailed, result.Status);
        Assert.False(result.DryRun!.Passed);
        Assert.Equal(422, result.Error!.Code);
        Assert.Equal("Invalid", result.Error.Reason);
        Assert.Contains("must be less than or equal to memory limit", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Server.Writes, r => r.Verb == "patch" && !r.DryRun);
        Assert.Equal("128Mi", h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Spec.Containers[0].Resources.Requests["memory"].ToString());
    }

    [Fact]
    public async Task SetResources_UnknownContainer_IsRefusedBeforeAnyWrite()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));

        var result = await h.ValidateAndExecuteAsync(Set("container=worker cpu_request=200m"));

        Assert.Equal(ExecutionStatus.Refused, result.Status);
        Assert.Contains("no container named worker", result.Message, StringComparison.Ordinal);
        Assert.Empty(h.Server.Writes);
    }

    [Fact]
    public async Task SetResources_Rollback_RestoresTheWholeResourcesOfThatContainer()
    {
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));
        var op = Set("container=app cpu_request=250m cpu_limit=500m");
        var result = await h.ValidateAndExecuteAsync(op);

        var rollback = await h.Executor.RollbackAsync(op, result);

        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        var app = h.Server.Get<V1Deployment>("shop", "web").Spec.Template.Spec.Containers[0].Resources;
        Assert.Equal("100m", app.Requests["cpu"].ToString());
        Assert.False(app.Limits.ContainsKey("cpu"));
        Assert.Equal("256Mi", app.Limits["memory"].ToString());
    }
}
