using KubeWise.Testing.Fixtures;
using KubeWise.Testing.Mongo;
using MongoDB.Driver;

namespace KubeWise.Functions.Tests.Api.Legacy;

public sealed class LegacyMongoEventsApiTests : LegacyEventsApiTests
{
    private readonly string _database = MongoTestServer.NewDatabaseName("kw_legacy_api");

    protected override async Task<IDictionary<string, string?>> StoreSettingsAsync()
    {
        using var client = new MongoClient(MongoTestServer.Url);
        await LegacyEvents.LoadMongoAsync(client.GetDatabase(_database));
        return new Dictionary<string, string?> { ["Mongo:ConnectionString"] = MongoTestServer.Url, ["Mongo:DatabaseName"] = _database };
    }

    protected override async Task CleanUpAsync()
    {
        using var client = new MongoClient(MongoTestServer.Url);
        await client.DropDatabaseAsync(_database);
    }
}
