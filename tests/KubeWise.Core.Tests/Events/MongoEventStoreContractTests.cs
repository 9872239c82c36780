using KubeWise.Core.Events;
using KubeWise.Core.Events.Mongo;
using KubeWise.Testing.Mongo;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Tests.Events;

/// <summary>The contract against the MongoDB server in <c>MONGO_URL</c> (CongoDB in CI), one fresh database per test.</summary>
public sealed class MongoEventStoreContractTests : EventStoreContractTests
{
    private MongoContext? _context;

    protected override Task<(IEventStore Events, ISharedStateStore Shared)> OpenAsync()
    {
        _context = new MongoContext(Options.Create(new MongoOptions
        {
            ConnectionString = MongoTestServer.Url,
            DatabaseName = MongoTestServer.NewDatabaseName(),
        }));
        return Task.FromResult<(IEventStore, ISharedStateStore)>((new MongoEventStore(_context, Time), new MongoSharedStateStore(_context, Time)));
    }

    protected override async Task CloseAsync()
    {
        if (_context is not null)
        {
            await _context.Client.DropDatabaseAsync(_context.Database.DatabaseNamespace.DatabaseName);
            _context.Client.Dispose();
        }
    }

    [Fact]
    public async Task StoredDocument_HasObjectIdKeySeedFieldNamesAndBsonDates()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;

        var document = await _context!.Database.GetCollection<BsonDocument>("anomaly_events")
            .Find(Builders<BsonDocument>.Filter.Eq("anomaly_id", anomaly.AnomalyId)).SingleAsync();

        Assert.Equal(BsonType.ObjectId, document["_id"].BsonType);
        Assert.Equal("Detected", document["status"].AsString);
        Assert.Equal("default", document["namespace"].AsString);
        Assert.Equal(-0.351234567890123, document["anomaly_score"].AsDouble);
        Assert.Equal(BsonType.DateTime, document["_detected_at"].BsonType);
        Assert.Equal(EventSamples.Start.UtcDateTime, document["_detected_at"].ToUniversalTime());
    }

    [Fact]
    public async Task SecondReplica_SeesTheModeTheFirstSet()
    {
        await Shared.PutAsync(SharedCollection.Settings, "remediation_mode", """{"mode":"AUTO","changed_by":"bob"}""", "bob");
        var replica = new MongoContext(Options.Create(new MongoOptions
        {
            ConnectionString = MongoTestServer.Url,
            DatabaseName = _context!.Database.DatabaseNamespace.DatabaseName,
        }));

        var seen = await new MongoSharedStateStore(replica, Time).GetAsync(SharedCollection.Settings, "remediation_mode");

        Assert.Equal("bob", seen!.UpdatedBy);
        replica.Client.Dispose();
    }
}
