using System.Net;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace KubeWise.Core.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>Name of the Prometheus resilience pipeline (retry with backoff, then a per-attempt timeout).</summary>
    public const string ResiliencePipelineName = "prometheus";

    public static IServiceCollection AddKubeWiseMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PrometheusOptions>(configuration, PrometheusOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient<IPrometheusClient, PrometheusClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<PrometheusOptions>>().Value;
                http.BaseAddress = new Uri(options.Url.TrimEnd('/') + "/");
                // The resilience pipeline owns the timeouts; HttpClient's own 100 s would cut across its retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => PrometheusHttpHandler.Create(provider.GetRequiredService<IOptions<PrometheusOptions>>().Value.Tls))
            .AddResilienceHandler(ResiliencePipelineName, (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<PrometheusOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrometheusClient));
                // Network waits are wall-clock time even where tests fake the evaluation clock.
                builder.TimeProvider = TimeProvider.System;
                if (options.MaxRetries > 0)
                {
                    builder.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                        OnRetry = args =>
                        {
                            var outcome = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                            MetricsLog.Retrying(logger, args.Context.GetRequestMessage()?.RequestUri?.AbsolutePath, args.RetryDelay, args.AttemptNumber + 1, outcome);
                            return ValueTask.CompletedTask;
                        },
                    });
                }

                builder.AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds));
            });

        return services;
    }

    /// <summary>
    /// Worth another try: no connection, a timed-out attempt, or the server saying "not now".
    /// 400 (bad_data) and 422 (execution) mean the query itself is wrong, and a rejected certificate stays rejected:
    /// retrying cannot help.
    /// </summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } } => false,
        { Exception: HttpRequestException } => true,
        { Exception: TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
            or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests } => true,
        _ => false,
    };
}
