using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Events;

public static class EventsServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MongoOptions>(configuration, MongoOptions.SectionName);
        return services;
    }
}
