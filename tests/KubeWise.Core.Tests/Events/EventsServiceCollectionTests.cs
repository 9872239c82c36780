using KubeWise.Core.Telemetry;
using KubeWise.Core.Configuration;
using KubeWise.Core.Events;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Core.Events.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Events;

public sealed class EventsServiceCollectionTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kw-di-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void NoConnectionString_UsesEmbeddedLiteDbAtTheConfiguredPath()
    {
        var path = Path.Combine(_folder, "kw.db");
        using var services = Build(new() { ["LiteDb:FilePath"] = path });

        var traced = Assert.IsType<TracedEventStore>(services.GetRequiredService<IEventStore>());
        Assert.IsType<LiteDbEventStore>(traced.Inner);
        Assert.Equal("litedb", traced.System);
        Assert.IsType<LiteDbSharedStateStore>(services.GetRequiredService<ISharedStateStore>());
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void SeedMongoUri_SelectsMongoDbWithTheSeedDatabaseName()
    {
        using var services = Build(new() { ["MONGODB_ATLAS_URI"] = "mongodb://127.0.0.1:1", ["MONGODB_DB_NAME"] = "ops" });

        var traced = Assert.IsType<TracedEventStore>(services.GetRequiredService<IEventStore>());
        Assert.IsType<MongoEventStore>(traced.Inner);
        Assert.Equal("mongodb", traced.System);
        Assert.IsType<MongoSharedStateStore>(services.GetRequiredService<ISharedStateStore>());
        Assert.Equal("ops", services.GetRequiredService<MongoContext>().Database.DatabaseNamespace.DatabaseName);
    }

    [Fact]
    public async Task RemediationMode_DefaultComesFromSeedSetting()
    {
        using var services = Build(new() { ["REMEDIATION_MODE"] = "auto", ["LiteDb:FilePath"] = Path.Combine(_folder, "kw.db") });

        var mode = await services.GetRequiredService<RemediationModeStore>().GetAsync();

        Assert.Equal(("AUTO", "configuration"), (mode.Mode, mode.ChangedBy));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        return new ServiceCollection().AddKubeWiseCore(configuration).BuildServiceProvider();
    }
}
