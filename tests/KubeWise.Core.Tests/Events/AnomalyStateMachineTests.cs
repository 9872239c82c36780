using KubeWise.Core.Events;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Events;

public class AnomalyStateMachineTests
{
    [Theory]
    [InlineData(AnomalyStatus.Detected, AnomalyStatus.Analyzing)]
    [InlineData(AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval)]
    [InlineData(AnomalyStatus.Analyzing, AnomalyStatus.Remediating)]
    [InlineData(AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved)]
    [InlineData(AnomalyStatus.AwaitingApproval, AnomalyStatus.Rejected)]
    [InlineData(AnomalyStatus.AwaitingApproval, AnomalyStatus.Expired)]
    [InlineData(AnomalyStatus.Approved, AnomalyStatus.Remediating)]
    [InlineData(AnomalyStatus.Remediating, AnomalyStatus.Verifying)]
    [InlineData(AnomalyStatus.Remediating, AnomalyStatus.AwaitingApproval)]
    [InlineData(AnomalyStatus.Verifying, AnomalyStatus.Resolved)]
    [InlineData(AnomalyStatus.Verifying, AnomalyStatus.RemediationFailed)]
    public void CanMove_LifecycleSteps_AreAllowed(AnomalyStatus from, AnomalyStatus to)
    {
        Assert.True(AnomalyStateMachine.CanMove(from, to));
    }

    [Theory]
    [InlineData(AnomalyStatus.Detected, AnomalyStatus.Remediating)]
    [InlineData(AnomalyStatus.Detected, AnomalyStatus.Approved)]
    [InlineData(AnomalyStatus.AwaitingApproval, AnomalyStatus.Remediating)]
    [InlineData(AnomalyStatus.Rejected, AnomalyStatus.Approved)]
    [InlineData(AnomalyStatus.Expired, AnomalyStatus.Approved)]
    [InlineData(AnomalyStatus.Resolved, AnomalyStatus.Detected)]
    [InlineData(AnomalyStatus.Verifying, AnomalyStatus.Verifying)]
    public void CanMove_SkippingApprovalOrLeavingAFinalStatus_IsRefused(AnomalyStatus from, AnomalyStatus to)
    {
        Assert.False(AnomalyStateMachine.CanMove(from, to));
    }

    [Fact]
    public void FinalStatuses_AreExactlyTheEndsOfAnIncident()
    {
        var final = Enum.GetValues<AnomalyStatus>().Where(AnomalyStateMachine.IsFinal);

        Assert.Equal([AnomalyStatus.Rejected, AnomalyStatus.Expired, AnomalyStatus.Resolved, AnomalyStatus.RemediationFailed], final);
    }

    [Fact]
    public void EveryStatus_IsReachableFromDetected()
    {
        var seen = new HashSet<AnomalyStatus> { AnomalyStatus.Detected };
        var queue = new Queue<AnomalyStatus>(seen);
        while (queue.TryDequeue(out var status))
        {
            foreach (var next in AnomalyStateMachine.NextStatuses(status).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        Assert.Equal(Enum.GetValues<AnomalyStatus>().Order(), seen.Order());
    }

    [Fact]
    public void ApplyTo_IllegalMove_MessageNamesBothStatusesAndTheAllowedOnes()
    {
        var anomaly = EventSamples.Detected() with { Status = AnomalyStatus.Resolved, Version = 4 };
        var change = new EventChange { AnomalyId = anomaly.AnomalyId, ExpectedStatus = AnomalyStatus.Resolved, ExpectedVersion = 4, NewStatus = AnomalyStatus.Remediating, Actor = "alice" };

        var ex = Assert.Throws<InvalidStatusTransitionException>(() => change.ApplyTo(anomaly, new FakeTimeProvider().GetUtcNow()));

        Assert.Equal($"Anomaly event '{anomaly.AnomalyId}' cannot move from Resolved to Remediating; allowed from Resolved: none (final status).", ex.Message);
    }

    [Fact]
    public void Validate_ApprovalWithoutMovingToApproved_IsRejected()
    {
        var change = new EventChange
        {
            AnomalyId = AnomalyId.New(),
            ExpectedStatus = AnomalyStatus.AwaitingApproval,
            ExpectedVersion = 2,
            NewStatus = AnomalyStatus.Rejected,
            Actor = "alice",
            Decision = new ApprovalDecision { Decision = ApprovalKind.Approved, By = "alice", At = EventSamples.Start },
        };

        var ex = Assert.ThrowsAny<ArgumentException>(change.Validate);
        Assert.Contains("must move the event to Approved", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_NoActor_IsRejected(string actor)
    {
        var change = new EventChange { AnomalyId = AnomalyId.New(), ExpectedStatus = AnomalyStatus.Detected, ExpectedVersion = 0, NewStatus = AnomalyStatus.Analyzing, Actor = actor };

        Assert.ThrowsAny<ArgumentException>(change.Validate);
    }

    [Fact]
    public void ApplyTo_NoteOnly_AddsAnAuditEntryWithoutChangingTheStatus()
    {
        var anomaly = EventSamples.Detected() with { Status = AnomalyStatus.Remediating, Version = 5 };
        var change = new EventChange
        {
            AnomalyId = anomaly.AnomalyId,
            ExpectedStatus = AnomalyStatus.Remediating,
            ExpectedVersion = 5,
            Actor = "orchestrator",
            Note = "execution paused",
            Comment = "Remediation:Workflow:Paused is on",
        };

        change.Validate();
        var next = change.ApplyTo(anomaly, EventSamples.Start);

        Assert.Equal((AnomalyStatus.Remediating, 6L), (next.Status, next.Version));
        var entry = next.AuditTrail[^1];
        Assert.Equal(("execution paused", "Remediation:Workflow:Paused is on", (AnomalyStatus?)null), (entry.Action, entry.Comment, entry.ToStatus));
    }

    [Fact]
    public void Validate_CommentWithoutNoteStatusOrField_IsRejected()
    {
        var change = new EventChange { AnomalyId = AnomalyId.New(), ExpectedStatus = AnomalyStatus.Remediating, ExpectedVersion = 1, Actor = "orchestrator", Comment = "just words" };

        Assert.ThrowsAny<ArgumentException>(change.Validate);
    }
}
