using KubeWise.Core.Telemetry;
using KubeWise.Core.Events;
using KubeWise.Application.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace KubeWise.Application.Activities;

/// <summary>
/// Moves the event to the status of a stage, with the decision that caused it. Idempotent: an event already in that
/// status is left alone. A move the state machine does not allow (e.g. Rejected after the event already ended) records
/// nothing and answers false; the orchestration's custom status still shows the stage.
/// </summary>
public sealed class RecordStageActivity(IEventStore store, TimeProvider time, ILogger<RecordStageActivity> logger) : TaskActivity<StageRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, StageRecord input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (StatusOf(input.Stage) is not { } status)
        {
            return false;
        }

        var moved = false;
        AnomalyEvent? decidedOn = null;
        var decidedAt = time.GetUtcNow();
        await EventAccess.ApplyAsync(store, input.AnomalyId, current =>
        {
            decidedOn = null;
            moved = current.Status == status;
            if (!moved && input.Occurrence > 0 && current.AuditTrail.Count(e => e.ToStatus == status) >= input.Occurrence)
            {
                // A repeat of a step this run already recorded (see StageRecord.Occurrence): the run has moved on.
                ActivityLog.StageAlreadyRecorded(logger, input.AnomalyId, input.Stage, input.Occurrence, current.Status);
                return null;
            }

            if (moved || !AnomalyStateMachine.CanMove(current.Status, status))
            {
                if (!moved)
                {
                    ActivityLog.StageNotRecorded(logger, input.AnomalyId, input.Stage, current.Status);
                }

                return null;
            }

            moved = true;
            if (input.Decision is not null && status is AnomalyStatus.Approved or AnomalyStatus.Rejected)
            {
                decidedOn = current;
            }

            return new EventChange
            {
                AnomalyId = current.AnomalyId,
                ExpectedStatus = current.Status,
                ExpectedVersion = current.Version,
                NewStatus = status,
                Actor = input.Actor,
                Comment = input.Comment,
                OrchestrationInstanceId = current.OrchestrationInstanceId is null && !string.IsNullOrEmpty(context.InstanceId) ? context.InstanceId : null,
                Decision = input.Decision is { } d && status is AnomalyStatus.Approved or AnomalyStatus.Rejected
                    ? new ApprovalDecision
                    {
                        Decision = d.Approved ? ApprovalKind.Approved : ApprovalKind.Rejected,
                        By = d.By,
                        At = decidedAt,
                        Comment = d.Comment,
                        Commands = input.DecidedCommands ?? d.Commands ?? [],
                    }
                    : null,
            };
        }).ConfigureAwait(false);
        if (decidedOn is not null)
        {
            KubeWiseTelemetry.Decision(status == AnomalyStatus.Approved, decidedOn, decidedAt);
        }

        return moved;
    }

    public static AnomalyStatus? StatusOf(RemediationStage stage) => stage switch
    {
        RemediationStage.Analyzing => AnomalyStatus.Analyzing,
        RemediationStage.Suggested => AnomalyStatus.RemediationSuggested,
        RemediationStage.AwaitingApproval => AnomalyStatus.AwaitingApproval,
        RemediationStage.Approved => AnomalyStatus.Approved,
        RemediationStage.Rejected => AnomalyStatus.Rejected,
        RemediationStage.Expired => AnomalyStatus.Expired,
        RemediationStage.Remediating => AnomalyStatus.Remediating,
        RemediationStage.Verifying => AnomalyStatus.Verifying,
        RemediationStage.Resolved => AnomalyStatus.Resolved,
        RemediationStage.RemediationFailed => AnomalyStatus.RemediationFailed,
        _ => null,
    };
}
