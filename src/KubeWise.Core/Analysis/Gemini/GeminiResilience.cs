using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>The retry and timeout pipeline of <see cref="GeminiClient"/>: total timeout ⊃ retry ⊃ attempt timeout.</summary>
internal static class GeminiResilience
{
    public const string PipelineName = "gemini";

    /// <summary>Statuses worth another attempt; 400, 403 and 404 will not change by asking again.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, GeminiOptions options)
    {
        var maxRetryAfter = TimeSpan.FromSeconds(options.MaxRetryAfterSeconds);
        builder.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxRetryAfter)),
            });
        }

        builder.AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds));
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if (!IsRetryable(response.StatusCode))
        {
            return false;
        }

        // A server that asks for a longer pause than we are willing to wait gets no retry: the rules answer now.
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta <= maxRetryAfter;
        }

        if (retryAfter?.Date is { } date && response.Headers.Date is { } now)
        {
            return date - now <= maxRetryAfter;
        }

        return true;
    }
}
