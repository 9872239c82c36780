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
/// What the rate and storm limits count: every event's successful attempts within the policy's windows, read from the
/// store (both stores run the same tests, <see cref="LiteDbRecentActionsReaderTests"/> and <see cref="MongoRecentActionsReaderTests"/>).
/// </summary>
public abstract class RecentActionsReaderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Time { get; } = new(Start);

    protected IEventStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await OpenAsync();

    public Task DisposeAsync() => CloseAsync();

    protected abstract Task<IEventStore> OpenAsync();

    protected abstract Task CloseAsync();

    private RecentActionsReader Reader(IEventStore? store = null) => new(
        store ?? Store,
        new RemediationCatalog(Options.Create(new RemediationCatalogOptions())),
        Options.Create(new RemediationPolicyOptions { EntityWindowSeconds = 3600, StormWindowSeconds = 600 }),
        Time);

    [Fact]
    public async Task Read_AttemptsOfOtherIncidents_CountWithTheirOwnEntityAndTime()
    {
        var web = await RemediatedAsync("web", ("restart_deployment name=web ns=shop", "success"));
        Time.Advance(TimeSpan.FromMinutes(1));
        await RemediatedAsync("api", ("scale_deployment name=api ns=shop replicas=4", "success"));
        Time.Advance(TimeSpan.FromMinutes(1));

        var actions = await Reader().ReadAsync();

        Assert.Equal(2, actions.Count);
        var restart = Assert.Single(actions, a => a.Operation == "restart_deployment");
        Assert.Equal((KubernetesKinds.Deployment, "shop", "web"), (restart.Target.Kind, restart.Target.Namespace, restart.Target.Name));
        Assert.Equal("web", restart.AnomalousEntity!.Name);
        Assert.Equal(web.RemediationAttempts[0].FinishedAt, restart.At);
        Assert.Equal("api", Assert.Single(actions, a => a.Operation == "scale_deployment").AnomalousEntity!.Name);
    }

    [Fact]
    public async Task Read_AttemptStoredWithItsCommandAsData_CountsFromTheDataInBothStores()
    {
        var anomaly = await RemediatedAsync("web", ("restart_deployment name=web ns=shop", "success"));
        var scale = new RemediationCatalog().Parse("scale_deployment name=web ns=shop replicas=6").Command!;
        await Store.ApplyAsync(new EventChange
        {
            AnomalyId = anomaly.AnomalyId,
            ExpectedStatus = anomaly.Status,
            ExpectedVersion = anomaly.Version,
            Actor = "orchestrator",
            Attempt = new RemediationAttempt
            {
                Command = scale.ToString(),
                CommandData = CommandData.Of(scale),
                StartedAt = Time.GetUtcNow().AddSeconds(-1),
                FinishedAt = Time.GetUtcNow(),
                Status = "success",
            },
        });

        var actions = await Reader().ReadAsync();

        Assert.Equal(["restart_deployment", "scale_deployment"], actions.Select(a => a.Operation).Order());
        var scaled = Assert.Single(actions, a => a.Operation == "scale_deployment");
        Assert.Equal((KubernetesKinds.Deployment, "shop", "web"), (scaled.Target.Kind, scaled.Target.Namespace, scaled.Target.Name));
    }

    [Fact]
    public async Task Read_FailedAttemptsAndAttemptsOutsideBothWindows_DoNotCount()
    {
        await RemediatedAsync("old", ("restart_deployment name=old ns=shop", "success"));
        Time.Advance(TimeSpan.FromMinutes(61));
        await RemediatedAsync("broken", ("restart_deployment name=broken ns=shop", "failed"));
        await RemediatedAsync("fresh", ("restart_deployment name=fresh ns=shop", "success"));

        var actions = await Reader().ReadAsync();

        Assert.Equal("fresh", Assert.Single(actions).Target.Name);
    }

    [Fact]
    public async Task Read_IncidentDetectedLongAgoThatActedNow_Counts()
    {
        // Detected two days ago, approved and applied just now: the window is about when it acted, not when it was seen.
        await RemediatedAsync("slow", ("restart_deployment name=slow ns=shop", "success"), detectedAt: Start.AddDays(-2));

        Assert.Single(await Reader().ReadAsync());
    }

    [Fact]
    public async Task Read_EarlierPhasesOfTheCommandBeingJudged_AreNotCountedAgainstIt()
    {
        var scale = await RemediatedAsync("web", ("scale_deployment name=web ns=shop replicas=6", "success"), ("restart_deployment name=web ns=shop", "success"));
        var catalog = new RemediationCatalog(Options.Create(new RemediationCatalogOptions()));
        var nextPhase = catalog.Parse("scale_deployment name=web ns=shop replicas=9").Command!;

        var forThisScale = await Reader().ReadAsync((scale.AnomalyId, nextPhase));
        var forAnyoneElse = await Reader().ReadAsync((AnomalyId.New(), nextPhase));

        Assert.Equal("restart_deployment", Assert.Single(forThisScale).Operation);
        Assert.Equal(2, forAnyoneElse.Count);
    }

    [Fact]
    public async Task Read_MoreEventsThanOnePage_CountsEachOnce()
    {
        for (var i = 0; i < EventQuery.MaxLimit + 3; i++)
        {
            await RemediatedAsync($"app-{i}", ($"restart_deployment name=app-{i} ns=shop", "success"));
        }

        var actions = await Reader().ReadAsync();

        Assert.Equal(EventQuery.MaxLimit + 3, actions.Select(a => a.Target.Name).Distinct().Count());
    }

    [Fact]
    public async Task Read_StoreUnreachable_IsRetryableNeverAnEmptyHistory()
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

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => Reader(new MongoEventStore(context, Time)).ReadAsync());

        Assert.Contains("rate and storm limits", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
        Assert.IsType<EventStoreUnavailableException>(ex.InnerException);
    }

    /// <summary>An incident on Deployment shop/<paramref name="entity"/> that recorded the given attempts, now.</summary>
    private async Task<AnomalyEvent> RemediatedAsync(string entity, (string Command, string Status) first, (string Command, string Status)? second = null, DateTimeOffset? detectedAt = null)
    {
        var anomaly = (await Store.CreateAsync(new AnomalyEvent
        {
            AnomalyId = AnomalyId.New(),
            DetectionTimestamp = detectedAt ?? Time.GetUtcNow(),
            EntityId = entity,
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.5,
        })).Event;
        anomaly = await ApplyAsync(anomaly, AnomalyStatus.Analyzing, null);
        anomaly = await ApplyAsync(anomaly, AnomalyStatus.Remediating, first);
        return second is { } next ? await ApplyAsync(anomaly, null, next) : anomaly;
    }

    private Task<AnomalyEvent> ApplyAsync(AnomalyEvent anomaly, AnomalyStatus? to, (string Command, string Status)? attempt) => Store.ApplyAsync(new EventChange
    {
        AnomalyId = anomaly.AnomalyId,
        ExpectedStatus = anomaly.Status,
        ExpectedVersion = anomaly.Version,
        NewStatus = to,
        Actor = "orchestrator",
        Attempt = attempt is { } a
            ? new RemediationAttempt { Command = a.Command, StartedAt = Time.GetUtcNow().AddSeconds(-1), FinishedAt = Time.GetUtcNow(), Status = a.Status }
            : null,
    });
}

public sealed class LiteDbRecentActionsReaderTests : RecentActionsReaderTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kw-recent-" + Guid.NewGuid().ToString("N"));
    private LiteDbContext? _context;

    protected override Task<IEventStore> OpenAsync()
    {
        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));
        return Task.FromResult<IEventStore>(new LiteDbEventStore(_context, Time));
    }

    protected override Task CloseAsync()
    {
        _context?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The same against the MongoDB server in <c>MONGO_URL</c> (the CongoDB wire server in CI).</summary>
public sealed class MongoRecentActionsReaderTests : RecentActionsReaderTests
{
    private MongoContext? _context;

    protected override Task<IEventStore> OpenAsync()
    {
        _context = new MongoContext(Options.Create(new MongoOptions { ConnectionString = MongoTestServer.Url, DatabaseName = MongoTestServer.NewDatabaseName() }));
        return Task.FromResult<IEventStore>(new MongoEventStore(_context, Time));
    }

    protected override async Task CloseAsync()
    {
        if (_context is not null)
        {
            await _context.Client.DropDatabaseAsync(_context.Database.DatabaseNamespace.DatabaseName);
            _context.Client.Dispose();
        }
    }
}
