using KubeWise.Core.Scanning;
using Microsoft.DurableTask;

namespace KubeWise.Application.Training;

/// <summary>Trains the requested models from history; the scan swaps to them when the run ends.</summary>
public sealed class TrainModelsActivity(ModelTrainer trainer) : TaskActivity<ModelTrainingRequest, ModelTrainingReport>
{
    public override Task<ModelTrainingReport> RunAsync(TaskActivityContext context, ModelTrainingRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return trainer.TrainAsync(input, CancellationToken.None);
    }
}
