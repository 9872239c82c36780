using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// Waits for a decision exactly as <see cref="RemediationOrchestrator"/> does (custom status with the
/// <c>Approval-1</c> name, <see cref="ApprovalEvent"/> payload) and returns what it received, so a test can see what the
/// API raised without running a remediation.
/// </summary>
internal sealed class ApprovalProbe : TaskOrchestrator<string, ApprovalEvent?>
{
    public override async Task<ApprovalEvent?> RunAsync(TaskOrchestrationContext context, string input)
    {
        var name = ApprovalEvent.NameFor(1);
        context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, 1, name, context.CurrentUtcDateTime.AddMinutes(5), "probe"));
        try
        {
            return await context.WaitForExternalEvent<ApprovalEvent>(name, TimeSpan.FromMinutes(2));
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
