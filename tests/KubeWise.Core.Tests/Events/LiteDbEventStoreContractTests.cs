using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Events;

public sealed class LiteDbEventStoreContractTests : EventStoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kw-litedb-" + Guid.NewGuid().ToString("N"));
    private LiteDbContext? _context;

    protected override Task<(IEventStore Events, ISharedStateStore Shared)> OpenAsync()
    {
        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));
        return Task.FromResult<(IEventStore, ISharedStateStore)>((new LiteDbEventStore(_context, Time), new LiteDbSharedStateStore(_context, Time)));
    }

    protected override Task CloseAsync()
    {
        _context?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReopenedFile_KeepsEventsAndSettings()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;
        await Shared.PutAsync(SharedCollection.Settings, "k", "{}", "alice");
        _context!.Dispose();

        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(_folder, "events.db") }));

        Assert.NotNull(await new LiteDbEventStore(_context, Time).GetAsync(anomaly.AnomalyId));
        Assert.Equal("alice", (await new LiteDbSharedStateStore(_context, Time).GetAsync(SharedCollection.Settings, "k"))!.UpdatedBy);
    }

    [Fact]
    public void Open_PathUnderAFile_ThrowsUnavailableNamingThePath()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "x");

        var ex = Assert.Throws<EventStoreUnavailableException>(() =>
            new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = Path.Combine(blocker, "events.db") })));

        Assert.Contains("not-a-folder", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsRetryable);
    }
}
