using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Testing.Fixtures;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Events.Legacy;

/// <summary>The first release's LiteDB file, opened by today's store.</summary>
public sealed class LegacyLiteDbEventsTests : LegacyEventStoreTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kw-legacy-litedb-").FullName;
    private LiteDbContext? _context;

    protected override Task<IEventStore> OpenAsync()
    {
        _context = new LiteDbContext(Options.Create(new LiteDbOptions { FilePath = LegacyEvents.CopyLiteDb(_folder) }));
        return Task.FromResult<IEventStore>(new LiteDbEventStore(_context, Time));
    }

    protected override Task CloseAsync()
    {
        _context?.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
