using KubeWise.Core.Events;
using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Activities;

/// <summary>The mode in force (the persisted one every replica shares), who set it, and whether configuration pauses all execution.</summary>
public sealed class CheckRemediationModeActivity(RemediationModeStore modes, IOptionsMonitor<RemediationWorkflowOptions> workflow)
    : TaskActivity<IncidentRef, ModeCheck>
{
    public override async Task<ModeCheck> RunAsync(TaskActivityContext context, IncidentRef input)
    {
        try
        {
            var mode = await modes.GetAsync().ConfigureAwait(false);
            return new ModeCheck(mode.Mode, workflow.CurrentValue.Paused, mode.ChangedBy, mode.ChangedAt);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            throw new TransientStepException($"The remediation mode could not be read: {e.Message}", e);
        }
    }
}
