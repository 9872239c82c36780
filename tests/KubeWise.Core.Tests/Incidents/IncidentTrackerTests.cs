using KubeWise.Core.Entities;
using KubeWise.Core.Incidents;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Incidents;

public sealed class IncidentTrackerTests
{
    private static readonly EntityKey Nginx = new(EntityType.Deployment, "default", "nginx");
    private static readonly EntityKey Redis = new(EntityType.StatefulSet, "data", "redis");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly IncidentTracker _tracker = new(Options.Create(new IncidentOptions()));

    [Fact]
    public void Apply_FirstAnomalousCycle_OpensNothing()
    {
        var decisions = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));

        Assert.Empty(decisions.Opened);
        var pending = Assert.Single(decisions.Pending);
        Assert.Equal(1, pending.ConsecutiveCycles);
        Assert.False(pending.IsOpen);
    }

    [Fact]
    public void Apply_SecondConsecutiveCycle_OpensOneIncidentWithIds()
    {
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));
        var second = _tracker.Apply(first.Book, Cycle(30, [Nginx], Crash(Nginx)));

        var opened = Assert.Single(second.Opened);
        Assert.Equal(Nginx, opened.Entity);
        Assert.Equal(IncidentFamily.ContainerRestarts, opened.Kind);
        Assert.Equal(T0.AddSeconds(30), opened.OpenedAt);
        Assert.StartsWith("remediation-", opened.InstanceId, StringComparison.Ordinal);
        Assert.True(Guid.TryParseExact(opened.AnomalyId, "D", out _));
    }

    [Fact]
    public void Apply_LaterCyclesOnOpenIncident_AttachInsteadOfOpening()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var third = _tracker.Apply(book, Cycle(60, [Nginx], Crash(Nginx)));
        var fourth = _tracker.Apply(third.Book, Cycle(90, [Nginx], Crash(Nginx)));

        Assert.Empty(third.Opened);
        Assert.Empty(fourth.Opened);
        Assert.Equal(book.Find(IncidentKey.Of(Nginx, IncidentFamily.ContainerRestarts))!.InstanceId, Assert.Single(fourth.Attached).InstanceId);
        Assert.Single(fourth.Book.Entries);
    }

    [Fact]
    public void Apply_HealthyCycleBetween_ResetsTheCount()
    {
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));
        var healthy = _tracker.Apply(first.Book, Cycle(30, [Nginx]));
        var again = _tracker.Apply(healthy.Book, Cycle(60, [Nginx], Crash(Nginx)));

        Assert.Empty(again.Opened);
        Assert.Equal(1, Assert.Single(again.Pending).ConsecutiveCycles);
    }

    [Fact]
    public void Apply_EntityHealthyAgain_ClosesTheIncident()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var healthy = _tracker.Apply(book, Cycle(60, [Nginx]));

        var closed = Assert.Single(healthy.Closed);
        Assert.True(closed.IsOpen);
        Assert.Empty(healthy.Book.Entries);
    }

    [Fact]
    public void Apply_EntityNotJudged_KeepsTheIncidentOpen()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var missingData = _tracker.Apply(book, Cycle(60, [Redis]));

        Assert.Empty(missingData.Closed);
        Assert.True(Assert.Single(missingData.Book.Entries).IsOpen);
    }

    [Fact]
    public void Apply_IncidentReopensAfterClosing_GetsANewInstanceId()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var firstId = book.Entries[0].InstanceId;
        var closed = _tracker.Apply(book, Cycle(60, [Nginx])).Book;
        var reopened = Run(closed, 90, 120);

        Assert.NotEqual(firstId, reopened.Entries[0].InstanceId);
    }

    [Fact]
    public void Apply_TwoKindsOnOneEntity_TrackedSeparately()
    {
        var forest = new IncidentSignal(Nginx, "IsolationForest", -0.4);
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx), forest));
        var second = _tracker.Apply(first.Book, Cycle(30, [Nginx], Crash(Nginx)));

        Assert.Equal(IncidentFamily.ContainerRestarts, Assert.Single(second.Opened).Kind);
        Assert.Equal(IncidentKey.Of(Nginx, "IsolationForest"), Assert.Single(second.Closed).Key);
    }

    [Fact]
    public void Apply_SameCycleTwice_SameIds()
    {
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));
        var a = _tracker.Apply(first.Book, Cycle(30, [Nginx], Crash(Nginx)));
        var b = _tracker.Apply(first.Book, Cycle(30, [Nginx], Crash(Nginx)));

        Assert.Equal(a.Opened[0].InstanceId, b.Opened[0].InstanceId);
        Assert.Equal(a.Opened[0].AnomalyId, b.Opened[0].AnomalyId);
    }

    [Fact]
    public void Apply_ConfiguredThreeCycles_OpensOnTheThird()
    {
        var tracker = new IncidentTracker(Options.Create(new IncidentOptions { ConsecutiveCycles = 3 }));
        var book = IncidentBook.Empty;
        var opened = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var d = tracker.Apply(book, Cycle(i * 30, [Nginx], Crash(Nginx)));
            if (d.Opened.Count > 0)
            {
                opened.Add(i + 1);
            }

            book = d.Book;
        }

        Assert.Equal([3], opened);
    }

    [Fact]
    public void Apply_EntityUnseenLongerThanForgetAfter_IsForgotten()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var later = _tracker.Apply(book, new CycleObservation(T0.AddDays(2), [Redis], []));

        Assert.Empty(later.Book.Entries);
    }

    [Fact]
    public void ToStart_OpenedButNotStarted_StaysUntilMarked()
    {
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));
        var second = _tracker.Apply(first.Book, Cycle(30, [Nginx], Crash(Nginx)));
        var retried = _tracker.Apply(second.Book, Cycle(60, [Nginx], Crash(Nginx)));
        var started = _tracker.Apply(retried.Book.MarkStarted(retried.ToStart[0].Key), Cycle(90, [Nginx], Crash(Nginx)));

        Assert.Single(second.ToStart);
        Assert.Equal(second.ToStart[0].InstanceId, Assert.Single(retried.ToStart).InstanceId);
        Assert.Empty(started.ToStart);
    }

    [Fact]
    public void Apply_CrashLoopThenRestartBurst_StaysOneIncident()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var instanceId = Assert.Single(book.Entries).InstanceId;

        var both = _tracker.Apply(book, Cycle(60, [Nginx], Crash(Nginx), Burst(Nginx)));
        var burstOnly = _tracker.Apply(both.Book, Cycle(90, [Nginx], Burst(Nginx)));

        Assert.Empty(both.Opened);
        Assert.Empty(burstOnly.Opened);
        Assert.Equal(instanceId, Assert.Single(both.Attached).InstanceId);
        Assert.Equal(instanceId, Assert.Single(burstOnly.Attached).InstanceId);
        Assert.Empty(burstOnly.Closed);
        Assert.Single(burstOnly.Book.Entries);
    }

    [Fact]
    public void Apply_CrashLoopThenRestartBurstBeforeOpening_CountsAsOneProblem()
    {
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx)));
        var second = _tracker.Apply(first.Book, Cycle(30, [Nginx], Burst(Nginx), Oom(Nginx)));

        var opened = Assert.Single(second.Opened);
        Assert.Equal((Nginx, IncidentFamily.ContainerRestarts, 2), (opened.Entity, opened.Kind, opened.ConsecutiveCycles));
        Assert.Empty(second.Pending);
    }

    [Fact]
    public void Apply_NodeConditionsOfOneNode_OneIncident()
    {
        var node = EntityKey.Node("worker-1");
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [node], new IncidentSignal(node, "NodeMemoryPressure", -0.5)));
        var second = _tracker.Apply(first.Book, Cycle(30, [node], new IncidentSignal(node, "NodeNotReady", -1.0), new IncidentSignal(node, "NodeDiskPressure", -0.5)));

        Assert.Equal(IncidentFamily.NodeCondition, Assert.Single(second.Opened).Kind);
        Assert.Single(second.Book.Entries);
    }

    [Fact]
    public void Apply_OtherFamilyOnEntityWithOpenIncident_WaitsUntilItCloses()
    {
        var book = Run(IncidentBook.Empty, 0, 30);
        var forest = new IncidentSignal(Nginx, "IsolationForest", -0.4);

        var third = _tracker.Apply(book, Cycle(60, [Nginx], Crash(Nginx), forest));
        var fourth = _tracker.Apply(third.Book, Cycle(90, [Nginx], Crash(Nginx), forest));
        var crashGone = _tracker.Apply(fourth.Book, Cycle(120, [Nginx], forest));

        Assert.Empty(third.Opened);
        Assert.Empty(fourth.Opened);
        var waiting = Assert.Single(fourth.Pending);
        Assert.Equal(("IsolationForest", 2), (waiting.Kind, waiting.ConsecutiveCycles));
        Assert.Equal(IncidentFamily.ContainerRestarts, Assert.Single(crashGone.Closed).Kind);
        Assert.Equal("IsolationForest", Assert.Single(crashGone.Opened).Kind);
    }

    [Fact]
    public void Apply_TwoFamiliesReadyAtOnceOnOneEntity_OpensOnlyOne()
    {
        var forest = new IncidentSignal(Nginx, "IsolationForest", -0.4);
        var first = _tracker.Apply(IncidentBook.Empty, Cycle(0, [Nginx], Crash(Nginx), forest));
        var second = _tracker.Apply(first.Book, Cycle(30, [Nginx, Redis], Crash(Nginx), forest, Crash(Redis)));
        var third = _tracker.Apply(second.Book, Cycle(60, [Nginx, Redis], Crash(Nginx), forest, Crash(Redis)));

        Assert.Equal([IncidentFamily.ContainerRestarts], second.Opened.Where(o => o.Entity == Nginx).Select(o => o.Kind));
        Assert.DoesNotContain(third.Opened, o => o.Entity == Nginx);
        Assert.Equal(Redis, Assert.Single(third.Opened).Entity);
    }

    [Fact]
    public void Apply_BookStoredUnderDetectorKeys_AttachesToTheIncidentThatOpenedFirst()
    {
        // A book written before families: the crash loop opened, then the restart burst opened a second incident.
        var stored = new IncidentBook
        {
            Entries =
            [
                Stored("CrashLoopBackOff", openedAt: 30, "remediation-crash"),
                Stored("RestartBurst", openedAt: 90, "remediation-burst"),
            ],
        };

        var next = _tracker.Apply(stored, Cycle(120, [Nginx], Crash(Nginx), Burst(Nginx)));

        Assert.Empty(next.Opened);
        var incident = Assert.Single(next.Attached);
        Assert.Equal(("remediation-crash", IncidentKey.Of(Nginx, IncidentFamily.ContainerRestarts)), (incident.InstanceId, incident.Key));
        Assert.Equal(T0, incident.FirstSeen);
        Assert.Single(next.Book.Entries);
    }

    [Fact]
    public void Apply_BookStoredUnderDetectorKeys_ClosesWhenHealthy()
    {
        var stored = new IncidentBook { Entries = [Stored("CrashLoopBackOff", openedAt: 30, "remediation-crash")] };

        var healthy = _tracker.Apply(stored, Cycle(120, [Nginx]));

        Assert.Equal("remediation-crash", Assert.Single(healthy.Closed).InstanceId);
        Assert.Empty(healthy.Book.Entries);
    }

    private static IncidentEntry Stored(string detector, int openedAt, string instanceId) => new()
    {
        Key = IncidentKey.Of(Nginx, detector),
        Entity = Nginx,
        Kind = detector,
        ConsecutiveCycles = 3,
        FirstSeen = T0.AddSeconds(openedAt - 30),
        LastSeen = T0.AddSeconds(90),
        OpenedAt = T0.AddSeconds(openedAt),
        InstanceId = instanceId,
        AnomalyId = IncidentKey.AnomalyId(instanceId),
        Started = true,
    };

    private static IncidentSignal Burst(EntityKey entity) => new(entity, "RestartBurst", -0.5);

    private static IncidentSignal Oom(EntityKey entity) => new(entity, "OOMKilled", -1.0);

    private IncidentBook Run(IncidentBook book, params int[] seconds)
    {
        foreach (var s in seconds)
        {
            book = _tracker.Apply(book, Cycle(s, [Nginx], Crash(Nginx))).Book;
        }

        return book;
    }

    private static IncidentSignal Crash(EntityKey entity) => new(entity, "CrashLoopBackOff", -1.0);

    private static CycleObservation Cycle(int seconds, EntityKey[] judged, params IncidentSignal[] signals) =>
        new(T0.AddSeconds(seconds), judged, signals);
}
