using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution.Operations;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>Maps each typed catalog command to the operation that carries it out. The catalog is closed, so this is too.</summary>
public static class RemediationOperations
{
    public static RemediationOperation For(RemediationCommand command) => command switch
    {
        RestartDeploymentCommand c => new RestartWorkloadOperation(c),
        RestartStatefulSetCommand c => new RestartWorkloadOperation(c),
        RestartDaemonSetCommand c => new RestartWorkloadOperation(c),
        ScaleDeploymentCommand c => new ScaleWorkloadOperation(c),
        ScaleStatefulSetCommand c => new ScaleWorkloadOperation(c),
        DeletePodCommand c => new DeletePodOperation(c),
        SetResourcesCommand c => new SetResourcesOperation(c),
        CordonNodeCommand c => new CordonNodeOperation(c),
        UncordonNodeCommand c => new CordonNodeOperation(c),
        DrainNodeCommand c => new DrainNodeOperation(c),
        RollbackDeploymentCommand c => new RollbackDeploymentOperation(c),
        CustomCommand c => new CustomPatchOperation(c),
        null => throw new ArgumentNullException(nameof(command)),
        _ => throw new ArgumentException($"No executor for {command.Operation.Name}: the catalog and the executor are out of step.", nameof(command)),
    };
}
