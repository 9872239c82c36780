using KubeWise.Application.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace KubeWise.Functions.Orchestrations;

/// <summary>The Functions entry point of <see cref="RemediationOrchestrator"/> (no source generator here: a thin hand-written wrapper).</summary>
public static class RemediationOrchestratorFunction
{
    [Function(nameof(RemediationOrchestrator))]
    public static Task<RemediationOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<RemediationInput>()
            ?? throw new InvalidOperationException($"{nameof(RemediationOrchestrator)} {context.InstanceId} was started without its input.");
        return new RemediationOrchestrator().RunAsync(context, input);
    }
}
