using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Core.Events.Mongo;
using KubeWise.Testing.Mongo;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Events;

/// <summary>The scan lease's contract, on both stores: one holder at a time, renewal, expiry and takeover, release.</summary>
public abstract class LeaseStoreContractTests : IDisposable
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));

    protected abstract ILeaseStore Store { get; }

    [Fact]
    public async Task TryAcquire_FreeLease_TheFirstCallerHoldsItAndTheSecondIsTurnedAway()
    {
        var first = await Store.TryAcquireAsync("scan", "a", Duration);
        var second = await Store.TryAcquireAsync("scan", "b", Duration);

        Assert.True(first.IsHeldBy("a", Time.GetUtcNow()));
        Assert.Equal("a", second.Holder);
        Assert.False(second.IsHeldBy("b", Time.GetUtcNow()));
        Assert.Equal(Time.GetUtcNow() + Duration, second.ExpiresAt);
    }

    [Fact]
    public async Task TryAcquire_HolderRenews_ExpiryMovesAndNobodyElseGetsIn()
    {
        await Store.TryAcquireAsync("scan", "a", Duration);
        Time.Advance(TimeSpan.FromSeconds(20));
        var renewed = await Store.TryAcquireAsync("scan", "a", Duration);
        Time.Advance(TimeSpan.FromSeconds(20));
        var other = await Store.TryAcquireAsync("scan", "b", Duration);

        Assert.True(renewed.IsHeldBy("a", Time.GetUtcNow()));
        Assert.Equal(1, renewed.Generation);
        Assert.Equal("a", other.Holder);
    }

    [Fact]
    public async Task TryAcquire_HolderStoppedRenewing_AnotherTakesOverAfterExpiryAndTheOldHolderIsOut()
    {
        await Store.TryAcquireAsync("scan", "a", Duration);
        Time.Advance(Duration + TimeSpan.FromSeconds(1));
        var taken = await Store.TryAcquireAsync("scan", "b", Duration);
        var old = await Store.TryAcquireAsync("scan", "a", Duration);

        Assert.True(taken.IsHeldBy("b", Time.GetUtcNow()));
        Assert.Equal(2, taken.Generation);
        Assert.Equal("b", old.Holder);
    }

    [Fact]
    public async Task Release_ByTheHolder_AnotherTakesOverAtOnce_ButNotByAnyoneElse()
    {
        await Store.TryAcquireAsync("scan", "a", Duration);
        await Store.ReleaseAsync("scan", "b");
        var stillA = await Store.TryAcquireAsync("scan", "b", Duration);
        await Store.ReleaseAsync("scan", "a");
        var nowB = await Store.TryAcquireAsync("scan", "b", Duration);

        Assert.Equal("a", stillA.Holder);
        Assert.True(nowB.IsHeldBy("b", Time.GetUtcNow()));
    }

    [Fact]
    public async Task TryAcquire_ManyRacingAtOnce_ExactlyOneWins()
    {
        await Store.TryAcquireAsync("race", "seed", TimeSpan.FromMilliseconds(1));
        Time.Advance(TimeSpan.FromSeconds(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Store.TryAcquireAsync("race", $"p{i}", Duration)));

        var winner = Assert.Single(results.Select(r => r.Holder).Distinct());
        Assert.StartsWith("p", winner, StringComparison.Ordinal);
        Assert.All(results, r => Assert.True(r.IsHeldBy(winner, Time.GetUtcNow())));
    }

    public abstract void Dispose();
}

public sealed class MongoLeaseStoreTests : LeaseStoreContractTests
{
    private readonly MongoContext _context = new(Options.Create(new MongoOptions { ConnectionString = MongoTestServer.Url, DatabaseName = MongoTestServer.NewDatabaseName("kw_lease") }));

    public MongoLeaseStoreTests() => Store = new MongoLeaseStore(_context, Time);

    protected override ILeaseStore Store { get; }

    public override void Dispose() => _context.Dispose();
}

public sealed class LiteDbLeaseStoreTests : LeaseStoreContractTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kw-lease-").FullName;
    private readonly LiteDbContext _context;

    public LiteDbLeaseStoreTests()
    {
        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));
        Store = new LiteDbLeaseStore(_context, Time);
    }

    protected override ILeaseStore Store { get; }

    public override void Dispose()
    {
        _context.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
