using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// Activities run at least once: a host killed after <see cref="RecordStageActivity"/> wrote AwaitingApproval, but before
/// Durable saw its result, runs the step again after the restart — by then the fix may be verifying. The repeat must not
/// move the event back (seen in the kill-and-restart test as "… Verifying, AwaitingApproval, Resolved").
/// </summary>
public sealed class RepeatedStageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-stage-").FullName;
    private readonly LiteDbContext _db;
    private readonly LiteDbEventStore _store;

    public RepeatedStageTests()
    {
        _db = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_directory, "events.db") }));
        _store = new LiteDbEventStore(_db, TimeProvider.System);
    }

    public void Dispose()
    {
        _db.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RepeatOfTheFirstApprovalStage_WhileVerifying_ChangesNothing_ASecondRoundStillAsks()
    {
        var id = AnomalyId.New();
        await _store.CreateAsync(new AnomalyEvent { AnomalyId = id, DetectionTimestamp = DateTimeOffset.UtcNow, EntityId = "web", EntityType = "deployment", Namespace = "shop" });
        foreach (var status in new[] { AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Approved, AnomalyStatus.Remediating, AnomalyStatus.Verifying })
        {
            var e = (await _store.GetAsync(id))!;
            await _store.ApplyAsync(new EventChange { AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = status, Actor = "orchestrator" });
        }

        var activity = new RecordStageActivity(_store, TimeProvider.System, NullLogger<RecordStageActivity>.Instance);
        var repeated = await activity.RunAsync(new Context(), new StageRecord(id, RemediationStage.AwaitingApproval, "orchestrator", Occurrence: 1));

        Assert.False(repeated);
        var after = (await _store.GetAsync(id))!;
        Assert.Equal(AnomalyStatus.Verifying, after.Status);
        Assert.Single(after.AuditTrail, a => a.ToStatus == AnomalyStatus.AwaitingApproval);

        // The run's own second round (a failed verification asks again) is recorded.
        var secondRound = await activity.RunAsync(new Context(), new StageRecord(id, RemediationStage.AwaitingApproval, "orchestrator", Occurrence: 2));
        Assert.True(secondRound);
        Assert.Equal(AnomalyStatus.AwaitingApproval, (await _store.GetAsync(id))!.Status);
    }

    private sealed class Context : TaskActivityContext
    {
        public override TaskName Name => nameof(RecordStageActivity);

        public override string InstanceId => "stage-test";
    }
}
