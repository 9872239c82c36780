using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Training;
using Microsoft.DurableTask;

namespace KubeWise.Application;

/// <summary>An orchestrator or activity class and the name it is scheduled by.</summary>
public sealed record WorkflowTask(string Name, Type Type);

/// <summary>
/// Every orchestrator and activity of the application, each under the name orchestrations call it by (its class name,
/// from <c>nameof</c>). A host that is not the Functions app registers them with <see cref="AddKubeWiseTasks"/>; the
/// Functions app has one hand-written <c>[Function]</c> wrapper per entry, under the same name (a test holds the two
/// lists equal).
/// </summary>
public static class WorkflowTasks
{
    public static IReadOnlyList<WorkflowTask> Orchestrators { get; } =
    [
        new(nameof(RemediationOrchestrator), typeof(RemediationOrchestrator)),
        new(nameof(ModelTrainingOrchestrator), typeof(ModelTrainingOrchestrator)),
    ];

    public static IReadOnlyList<WorkflowTask> Activities { get; } =
    [
        new(nameof(AnalyzeIncidentActivity), typeof(AnalyzeIncidentActivity)),
        new(nameof(RecordStageActivity), typeof(RecordStageActivity)),
        new(nameof(RecordNoteActivity), typeof(RecordNoteActivity)),
        new(nameof(CheckRemediationModeActivity), typeof(CheckRemediationModeActivity)),
        new(nameof(RevalidateCommandActivity), typeof(RevalidateCommandActivity)),
        new(nameof(ExecuteCommandActivity), typeof(ExecuteCommandActivity)),
        new(nameof(VerifyRemediationActivity), typeof(VerifyRemediationActivity)),
        new(nameof(RollbackRemediationActivity), typeof(RollbackRemediationActivity)),
        new(nameof(TrainModelsActivity), typeof(TrainModelsActivity)),
        new(nameof(SettleApprovalActivity), typeof(SettleApprovalActivity)),
    ];

    /// <summary>
    /// Registers every orchestrator and activity under its name. Activities are resolved from the worker's services
    /// (<see cref="WorkflowServiceCollectionExtensions.AddKubeWiseWorkflow"/> registers them).
    /// </summary>
    public static DurableTaskRegistry AddKubeWiseTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator.Name, orchestrator.Type);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity.Name, activity.Type);
        }

        return registry;
    }
}
