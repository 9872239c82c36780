using KubeWise.Core.Events;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using Microsoft.DurableTask;

namespace KubeWise.Application.Activities;

/// <summary>
/// The second validation, right before execution: the command is built again from its data (against today's catalog), judged by the policy on facts read
/// from the live cluster now, and the target's identity, generation and touched fields are captured for the executor.
/// A scale answers its next phase from the live replica count, so each phase is validated on its own.
/// </summary>
public sealed class RevalidateCommandActivity(
    IEventStore store,
    RemediationCatalog catalog,
    RemediationPolicy policy,
    ClusterFactsReader facts,
    RemediationExecutor executor,
    RecentActionsReader recent) : TaskActivity<RevalidateCommand, RevalidationStep>
{
    public override async Task<RevalidationStep> RunAsync(TaskActivityContext context, RevalidateCommand input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parsed = StepCommands.Build(catalog, input.Data, input.Command);
        if (!parsed.Succeeded)
        {
            return Refuse($"the command no longer parses: {parsed.Error.Reason}");
        }

        var anomaly = await EventAccess.GetAsync(store, input.AnomalyId).ConfigureAwait(false);
        var command = parsed.Command;
        var recentActions = await recent.ReadAsync((anomaly.AnomalyId, command)).ConfigureAwait(false);
        try
        {
            var live = await facts.ReadAsync(command, anomaly.Entity.ToScope(), recentActions).ConfigureAwait(false);
            var verdict = policy.Evaluate(command, live);
            if (!verdict.IsAllowed)
            {
                var settling = verdict.Findings.Where(f => f.Decision != PolicyDecision.Allowed).All(f => f.Guard == RolloutGuardName);
                return Refuse(verdict.Reason) with { Settling = settling };
            }

            var (step, remaining) = NextStep(command, verdict);
            if (remaining == 0)
            {
                return new RevalidationStep(true, $"{command} is already in effect", null, null, 0);
            }

            var validated = await executor.CaptureAsync(step).ConfigureAwait(false);
            return new RevalidationStep(true, verdict.Reason, step.ToString(), validated, remaining) { StepData = CommandData.Of(step) };
        }
        catch (KubernetesApiException e) when (e.IsConflict || e.IsTooManyRequests || e.IsServerError)
        {
            throw new TransientStepException($"The API server answered {e.Status} while re-validating {input.Command}", e);
        }
        catch (HttpRequestException e)
        {
            throw new TransientStepException($"The API server could not be reached while re-validating {input.Command}: {e.Message}", e);
        }
        catch (KubernetesApiException e)
        {
            return Refuse($"the API server refused the read: {e.Status}");
        }
        catch (KubernetesNotConfiguredException e)
        {
            return Refuse(e.Message);
        }
    }

    /// <summary>A scale goes one phase at a time (the policy's plan from the live count); anything else in one step.</summary>
    private static (RemediationCommand Step, int Remaining) NextStep(RemediationCommand command, PolicyVerdict verdict) => command switch
    {
        ScaleDeploymentCommand scale when verdict.ScalePlan.Count > 0 => (scale with { Replicas = verdict.ScalePlan[0].To }, verdict.ScalePlan.Count),
        ScaleStatefulSetCommand scale when verdict.ScalePlan.Count > 0 => (scale with { Replicas = verdict.ScalePlan[0].To }, verdict.ScalePlan.Count),
        IScaleCommand => (command, 0),
        _ => (command, 1),
    };

    private const string RolloutGuardName = "rollout";

    private static RevalidationStep Refuse(string reason) => new(false, reason, null, null, 0);
}
