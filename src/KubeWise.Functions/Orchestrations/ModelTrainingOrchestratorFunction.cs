using KubeWise.Application.Training;
using KubeWise.Core.Scanning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace KubeWise.Functions.Orchestrations;

/// <summary>The Functions entry point of <see cref="ModelTrainingOrchestrator"/>.</summary>
public static class ModelTrainingOrchestratorFunction
{
    [Function(nameof(ModelTrainingOrchestrator))]
    public static Task<ModelTrainingReport> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<ModelTrainingRequest>() ?? ModelTrainingRequest.MissingOnly;
        return new ModelTrainingOrchestrator().RunAsync(context, input);
    }
}
