using KubeWise.Core.Events;
using KubeWise.Core.Events.Mongo;
using KubeWise.Testing.Fixtures;
using KubeWise.Testing.Mongo;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Events.Legacy;

/// <summary>The first release's MongoDB documents, inserted as they were stored, read by today's store (server in <c>MONGO_URL</c>).</summary>
public sealed class LegacyMongoEventsTests : LegacyEventStoreTests
{
    private MongoContext? _context;

    protected override async Task<IEventStore> OpenAsync()
    {
        _context = new MongoContext(Options.Create(new MongoOptions
        {
            ConnectionString = MongoTestServer.Url,
            DatabaseName = MongoTestServer.NewDatabaseName("kw_legacy"),
        }));
        await LegacyEvents.LoadMongoAsync(_context.Database);
        return new MongoEventStore(_context, Time);
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
