using System.Net;
using System.Net.Sockets;
using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Core.Events.Mongo;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Testing.Mongo;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Remediation.Policy;

/// <summary>
/// Reservations against the rate and storm limits, shared through the store by several workers: on MongoDB each
/// worker has its own client (as separate processes do, <see cref="MongoLimitReservationsTests"/>), on LiteDB they share
/// the one file of one process (<see cref="LiteDbLimitReservationsTests"/>). Same tests, same logic.
/// </summary>
public abstract class LimitReservationsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);
    private static readonly RemediationCatalog Catalog = new(Options.Create(new RemediationCatalogOptions()));

    protected FakeTimeProvider Time { get; } = new(Start);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>One worker's view of the shared store.</summary>
    protected abstract (IEventStore Events, ISharedStateStore Shared) Worker(int index);

    private LimitReservations Limits(int worker, int storm = 10, int perEntity = 3, ISharedStateStore? shared = null)
    {
        var options = Options.Create(new RemediationPolicyOptions
        {
            MaxRemediationsPerWindow = storm,
            MaxActionsPerEntity = perEntity,
            LimitReservationSeconds = 300,
        });
        var (events, store) = Worker(worker);
        return new LimitReservations(shared ?? store, new RecentActionsReader(events, Catalog, options, Time), options, Time);
    }

    private static RemediationCommand Restart(string deployment) => Catalog.Parse($"restart_deployment name={deployment} ns=shop").Command!;

    private static ObjectReference Entity(string deployment) => new(KubernetesKinds.Deployment, "shop", deployment);

    [Fact]
    public async Task Reserve_BurstFromTwoWorkers_NoMoreThanTheStormLimitTogether()
    {
        var workers = new[] { Limits(0, storm: 3), Limits(1, storm: 3) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            workers[i % 2].ReserveAsync(AnomalyId.New(), Restart($"app-{i}"), Entity($"app-{i}")))));

        Assert.Equal(3, answers.Count(a => a.Taken));
        Assert.All(answers.Where(a => !a.Taken), a => Assert.True(a.RecentActions.Count >= 3, $"refused on a count of {a.RecentActions.Count}"));
    }

    [Fact]
    public async Task Reserve_SameEntityFromTwoWorkers_NoMoreThanThePerEntityLimitTogether()
    {
        var workers = new[] { Limits(0, perEntity: 1), Limits(1, perEntity: 1) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            workers[i % 2].ReserveAsync(AnomalyId.New(), Restart("web"), Entity("web")))));

        Assert.Single(answers, a => a.Taken);
    }

    [Fact]
    public async Task Reserve_AfterTheReservedAttemptWasRecorded_CountsItOnce()
    {
        var first = await RemediatingAsync("web");
        var reservation = await Limits(0, storm: 2).ReserveAsync(first.AnomalyId, Restart("web"), Entity("web"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await RecordSuccessAsync(first, Restart("web"));

        // The reservation is still in the ledger (its release was lost): the recorded attempt counts, not both.
        var second = await Limits(1, storm: 2).ReserveAsync(AnomalyId.New(), Restart("api"), Entity("api"));

        Assert.True(reservation.Taken);
        Assert.True(second.Taken);
        Assert.Equal("web", Assert.Single(second.RecentActions).Target.Name);
    }

    [Fact]
    public async Task Reserve_WorkerStoppedBetweenReservingAndRecording_CapacityComesBackWhenItExpires()
    {
        var stopped = await Limits(0, storm: 1).ReserveAsync(AnomalyId.New(), Restart("web"), Entity("web"));
        var meanwhile = await Limits(1, storm: 1).ReserveAsync(AnomalyId.New(), Restart("api"), Entity("api"));
        Time.Advance(TimeSpan.FromSeconds(301));

        var later = await Limits(1, storm: 1).ReserveAsync(AnomalyId.New(), Restart("api"), Entity("api"));

        Assert.True(stopped.Taken);
        Assert.False(meanwhile.Taken);
        Assert.Equal("web", Assert.Single(meanwhile.RecentActions).Target.Name);
        Assert.True(later.Taken);
        Assert.Empty(later.RecentActions);
    }

    [Fact]
    public async Task Release_WriteFailed_GivesTheCapacityBackAtOnce()
    {
        var failed = await Limits(0, storm: 1).ReserveAsync(AnomalyId.New(), Restart("web"), Entity("web"));
        await failed.ReleaseAsync();

        var next = await Limits(1, storm: 1).ReserveAsync(AnomalyId.New(), Restart("api"), Entity("api"));

        Assert.True(failed.Taken);
        Assert.True(next.Taken);
    }

    [Fact]
    public async Task Reserve_NextPhaseOfTheSameScale_ReplacesItsReservationAndCountsOnceForOthers()
    {
        var scale = await RemediatingAsync("web");
        var phase1 = Catalog.Parse("scale_deployment name=web ns=shop replicas=6").Command!;
        var phase2 = Catalog.Parse("scale_deployment name=web ns=shop replicas=9").Command!;
        var first = await Limits(0, storm: 2, perEntity: 1).ReserveAsync(scale.AnomalyId, phase1, Entity("web"));

        var second = await Limits(0, storm: 2, perEntity: 1).ReserveAsync(scale.AnomalyId, phase2, Entity("web"));
        var other = await Limits(1, storm: 2, perEntity: 1).ReserveAsync(AnomalyId.New(), Restart("api"), Entity("api"));

        Assert.True(first.Taken);
        Assert.True(second.Taken);
        Assert.Empty(second.RecentActions);
        Assert.True(other.Taken);
        Assert.Equal("web", Assert.Single(other.RecentActions).Target.Name);
    }

    [Fact]
    public async Task Reserve_StoreUnreachable_IsRetryableNeverAllowed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var context = new MongoContext(Options.Create(new MongoOptions
        {
            ConnectionString = $"mongodb://127.0.0.1:{port}",
            DatabaseName = "kw_unreachable",
            ServerSelectionTimeoutSeconds = 0.5,
        }));

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() =>
            Limits(0, shared: new MongoSharedStateStore(context, Time)).ReserveAsync(AnomalyId.New(), Restart("web"), Entity("web")));

        Assert.True(ex.IsRetryable);
    }

    private async Task<AnomalyEvent> RemediatingAsync(string deployment)
    {
        var events = Worker(0).Events;
        var anomaly = (await events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = AnomalyId.New(),
            DetectionTimestamp = Time.GetUtcNow(),
            EntityId = deployment,
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.5,
        })).Event;
        foreach (var status in new[] { AnomalyStatus.Analyzing, AnomalyStatus.Remediating })
        {
            anomaly = await events.ApplyAsync(new EventChange
            {
                AnomalyId = anomaly.AnomalyId, ExpectedStatus = anomaly.Status, ExpectedVersion = anomaly.Version, NewStatus = status, Actor = "orchestrator",
            });
        }

        return anomaly;
    }

    private Task<AnomalyEvent> RecordSuccessAsync(AnomalyEvent anomaly, RemediationCommand command) => Worker(0).Events.ApplyAsync(new EventChange
    {
        AnomalyId = anomaly.AnomalyId,
        ExpectedStatus = anomaly.Status,
        ExpectedVersion = anomaly.Version,
        Actor = "orchestrator",
        Attempt = new RemediationAttempt
        {
            Command = command.ToString(), CommandData = CommandData.Of(command), StartedAt = Time.GetUtcNow(), FinishedAt = Time.GetUtcNow(), Status = "success",
        },
    });
}

public sealed class LiteDbLimitReservationsTests : LimitReservationsTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kw-limits-" + Guid.NewGuid().ToString("N"));
    private LiteDbContext? _context;

    public override Task InitializeAsync()
    {
        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _context?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    protected override (IEventStore Events, ISharedStateStore Shared) Worker(int index) =>
        (new LiteDbEventStore(_context!, Time), new LiteDbSharedStateStore(_context!, Time));
}

/// <summary>The same against the MongoDB server in <c>MONGO_URL</c>, each worker with its own client.</summary>
public sealed class MongoLimitReservationsTests : LimitReservationsTests
{
    private readonly string _database = MongoTestServer.NewDatabaseName();
    private readonly List<MongoContext> _workers = [];

    public override Task InitializeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            _workers.Add(new MongoContext(Options.Create(new MongoOptions { ConnectionString = MongoTestServer.Url, DatabaseName = _database })));
        }

        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await _workers[0].Client.DropDatabaseAsync(_database);
        _workers.ForEach(w => w.Dispose());
    }

    protected override (IEventStore Events, ISharedStateStore Shared) Worker(int index) =>
        (new MongoEventStore(_workers[index], Time), new MongoSharedStateStore(_workers[index], Time));
}
