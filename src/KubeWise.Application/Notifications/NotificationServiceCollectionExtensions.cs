using System.Net;
using KubeWise.Application.Api;
using KubeWise.Core.Configuration;
using KubeWise.Core.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace KubeWise.Application.Notifications;

public static class NotificationServiceCollectionExtensions
{
    /// <summary>
    /// Webhook notifications: wraps the registered <see cref="IEventStore"/> so status changes queue notices, and a
    /// background service delivers them with retries. Call after <c>AddKubeWiseCore</c> (it decorates its store).
    /// </summary>
    public static IServiceCollection AddKubeWiseNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(NotificationQueue)))
        {
            return services;
        }

        services.AddValidatedOptions<NotificationOptions>(configuration, NotificationOptions.SectionName);
        services.AddValidatedOptions<ApiOptions>(configuration, ApiOptions.SectionName);
        services.AddSingleton<NotificationQueue>();
        services.AddHostedService<WebhookDelivery>();
        services.AddHttpClient(WebhookDelivery.ClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("kubewise-webhooks", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value;
                pipeline.TimeProvider = TimeProvider.System;
                if (options.MaxAttempts > 1)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxAttempts - 1,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.FirstRetryDelay,
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    });
                }

                pipeline.AddTimeout(options.Timeout);
            });

        var existing = services.LastOrDefault(d => d.ServiceType == typeof(IEventStore))
            ?? throw new InvalidOperationException("AddKubeWiseNotifications decorates the event store: call AddKubeWiseCore first.");
        services.Remove(existing);
        services.AddSingleton<IEventStore>(sp => new NotifyingEventStore(
            Resolve(sp, existing),
            sp.GetRequiredService<NotificationQueue>(),
            sp.GetRequiredService<IOptionsMonitor<ApiOptions>>(),
            sp.GetRequiredService<ILogger<NotifyingEventStore>>()));
        return services;
    }

    private static IEventStore Resolve(IServiceProvider sp, ServiceDescriptor descriptor) =>
        (IEventStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!));

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
        || outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (int?)outcome.Result?.StatusCode >= 500;
}
