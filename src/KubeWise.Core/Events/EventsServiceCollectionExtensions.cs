using KubeWise.Core.Telemetry;
using KubeWise.Core.Configuration;
using KubeWise.Core.Events.LiteDb;
using KubeWise.Core.Events.Mongo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the event store, the shared-state stores and the lease store: MongoDB when <c>Mongo:ConnectionString</c>
    /// (<c>MONGODB_ATLAS_URI</c>) is set, otherwise the embedded LiteDB file at <c>LiteDb:FilePath</c>.
    /// </summary>
    public static IServiceCollection AddKubeWiseEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MongoOptions>(configuration, MongoOptions.SectionName);
        services.AddValidatedOptions<LiteDbOptions>(configuration, LiteDbOptions.SectionName);
        services.AddValidatedOptions<EventRetentionOptions>(configuration, EventRetentionOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<MongoContext>();
        services.TryAddSingleton<LiteDbContext>();
        services.TryAddSingleton<IEventStore>(sp => UsesMongo(sp)
            ? new TracedEventStore(new MongoEventStore(sp.GetRequiredService<MongoContext>(), sp.GetRequiredService<TimeProvider>()), "mongodb")
            : new TracedEventStore(new LiteDbEventStore(sp.GetRequiredService<LiteDbContext>(), sp.GetRequiredService<TimeProvider>()), "litedb"));
        services.TryAddSingleton<ISharedStateStore>(sp => UsesMongo(sp)
            ? new MongoSharedStateStore(sp.GetRequiredService<MongoContext>(), sp.GetRequiredService<TimeProvider>())
            : new LiteDbSharedStateStore(sp.GetRequiredService<LiteDbContext>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ILeaseStore>(sp => UsesMongo(sp)
            ? new MongoLeaseStore(sp.GetRequiredService<MongoContext>(), sp.GetRequiredService<TimeProvider>())
            : new LiteDbLeaseStore(sp.GetRequiredService<LiteDbContext>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RemediationModeStore>();
        services.TryAddSingleton<TrainedModelStore>();
        services.TryAddSingleton<QueryCatalogStore>();
        services.TryAddSingleton<EventRetention>();
        return services;
    }

    private static bool UsesMongo(IServiceProvider services)
    {
        return !string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<MongoOptions>>().Value.ConnectionString);
    }
}
