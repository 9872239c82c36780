using k8s.Models;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Execution.Operations;
using KubeWise.Testing.Kubernetes;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Remediation.Execution;

public class RemediationOperationsTests
{
    public static TheoryData<string> BuiltInExamples => [.. RemediationCatalog.BuiltIn.Select(d => d.Example)];

    [Theory]
    [MemberData(nameof(BuiltInExamples))]
    public void For_EveryBuiltInOperation_HasAnOperationTouchingWhatTheCatalogDeclares(string example)
    {
        var command = new RemediationCatalog().Parse(example).Command!;

        var operation = RemediationOperations.For(command);

        Assert.Equal(command.Operation.Name, operation.Name);
        Assert.Equal(command.Reversible, operation.Reversible);
        Assert.Equal(command.Fingerprint, operation.CommandHash);
        if (command is not DeletePodCommand)
        {
            Assert.Equal(command.ChangedFields, operation.Touches.Select(t => t.Text));
        }
    }

    [Fact]
    public async Task CustomOperation_AppliesRenderedMergePatchWithMarker_AndRollsBack()
    {
        var catalog = new RemediationCatalog(Options.Create(new RemediationCatalogOptions
        {
            CustomOperations =
            [
                new CustomOperationOptions
                {
                    Name = "set_min_ready",
                    Description = "Sets minReadySeconds of a Deployment.",
                    TargetKind = "Deployment",
                    Patch = "{\"spec\":{\"minReadySeconds\":\"{{seconds}}\"}}",
                    Parameters = [new CustomParameterOptions { Name = "seconds", Type = "integer", Minimum = 0, Maximum = 600 }],
                },
            ],
        }));
        var command = catalog.Parse("set_min_ready name=web ns=shop seconds=30").Command!;
        await using var h = await ExecutionHarness.StartAsync();
        h.Server.Add(K8sObjects.Deployment("shop", "web"));

        var result = await h.ValidateAndExecuteAsync(RemediationOperations.For(command));

        Assert.IsType<CustomPatchOperation>(RemediationOperations.For(command));
        Assert.Equal(ExecutionStatus.Applied, result.Status);
        var live = h.Server.Get<V1Deployment>("shop", "web");
        Assert.Equal(30, live.Spec.MinReadySeconds);
        Assert.Equal($"a-1/{command.Fingerprint}", live.Metadata.Annotations[KubeWiseAnnotations.Applied]);

        var rollback = await h.Executor.RollbackAsync(command, result);
        Assert.Equal(RollbackStatus.RolledBack, rollback.Status);
        Assert.Null(h.Server.Get<V1Deployment>("shop", "web").Spec.MinReadySeconds);
    }
}
