using KubeWise.Core.Events;
using KubeWise.Core.Events.Mongo;
using KubeWise.Testing.Mongo;
using Microsoft.Extensions.Options;
using MongoDB.Bson;
using MongoDB.Driver;

namespace KubeWise.Core.Tests.Events;

/// <summary>
/// Pins what the CongoDB wire server lacks next to a real mongod, and shows the store does not depend on it.
/// Holds on both: the expectations follow the server kind that <c>buildInfo</c> reports.
/// </summary>
public sealed class MongoServerGapsTests : IAsyncLifetime
{
    private readonly MongoClient _client = new(MongoTestServer.Url);
    private readonly string _databaseName = MongoTestServer.NewDatabaseName("kw_gaps");

    private IMongoDatabase Database => _client.GetDatabase(_databaseName);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _client.DropDatabaseAsync(_databaseName);
        _client.Dispose();
    }

    [Fact]
    public async Task ServerGaps_UniqueIndexAndStringId_MatchServerKind_AndStoreNeedsNeither()
    {
        var buildInfo = await Database.RunCommandAsync<BsonDocument>(new BsonDocument("buildInfo", 1));
        var isCongo = buildInfo.GetValue("gitVersion", "").ToString() == "congodb";

        var probe = Database.GetCollection<BsonDocument>("probe");
        await probe.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("k"), new CreateIndexOptions { Unique = true }));
        await probe.InsertOneAsync(new BsonDocument("k", 1));
        var duplicateRejected = await Fails(() => probe.InsertOneAsync(new BsonDocument("k", 1)));
        var stringIdRejected = await Fails(() => probe.InsertOneAsync(new BsonDocument { ["_id"] = "not-an-object-id", ["k"] = 2 }));

        // CongoDB accepts a duplicate under a unique index and refuses a string _id; mongod does the opposite.
        Assert.Equal(!isCongo, duplicateRejected);
        Assert.Equal(isCongo, stringIdRejected);

        // The store's own documents and indexes use none of it: ObjectId keys, plain (non-unique, non-TTL) indexes,
        // and a create that stays idempotent under concurrency on either server.
        var context = new MongoContext(Options.Create(new MongoOptions { ConnectionString = MongoTestServer.Url, DatabaseName = _databaseName }));
        var store = new MongoEventStore(context, TimeProvider.System);
        var anomaly = EventSamples.Detected();
        var creates = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.CreateAsync(anomaly))));
        Assert.Single(creates, c => c.Created);

        var documents = await context.Events.Find(FilterDefinition<BsonDocument>.Empty).ToListAsync();
        Assert.Equal(BsonType.ObjectId, Assert.Single(documents)["_id"].BsonType);
        var indexes = await (await context.Events.Indexes.ListAsync()).ToListAsync();
        Assert.Contains(indexes, i => i["name"] == "anomaly_id");
        Assert.All(indexes.Where(i => i["name"] != "_id_"), i =>
        {
            Assert.False(i.GetValue("unique", false).ToBoolean(), $"index {i["name"]} must not rely on uniqueness");
            Assert.False(i.Contains("expireAfterSeconds"), $"index {i["name"]} must not rely on TTL");
        });
    }

    private static async Task<bool> Fails(Func<Task> action)
    {
        try
        {
            await action();
            return false;
        }
        catch (MongoException)
        {
            return true;
        }
    }
}
