using KubeWise.Core.Scanning;
using Microsoft.DurableTask;

namespace KubeWise.Application.Training;

/// <summary>
/// One model training run (<see cref="ModelTrainer"/>) in the background, under the cluster's one instance id
/// (<see cref="ModelTrainingStarter.InstanceIdFor"/>), so a second request while it runs finds it instead of training twice.
/// Not retried: a run that cannot train says why in its report, and a person or the next request starts another.
/// </summary>
public sealed class ModelTrainingOrchestrator : TaskOrchestrator<ModelTrainingRequest, ModelTrainingReport>
{
    public override Task<ModelTrainingReport> RunAsync(TaskOrchestrationContext context, ModelTrainingRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return context.CallActivityAsync<ModelTrainingReport>(nameof(TrainModelsActivity), input);
    }
}
