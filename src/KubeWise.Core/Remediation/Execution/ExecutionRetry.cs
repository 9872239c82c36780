using KubeWise.Core.Kubernetes;
using Polly;
using Polly.Retry;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// The only retries the executor makes: 409 Conflict, 429 Too Many Requests (honouring Retry-After), 5xx and broken
/// connections. Each retry starts a whole attempt again from a fresh read, so a write whose answer was lost is found
/// by its marker and never sent twice.
/// </summary>
internal static class ExecutionRetry
{
    public static bool IsTransient(Exception e) =>
        e is KubernetesApiException { IsConflict: true } or KubernetesApiException { IsTooManyRequests: true }
            or KubernetesApiException { IsServerError: true } or HttpRequestException or TaskCanceledException { InnerException: TimeoutException };

    public static ResiliencePipeline Build(ExecutionOptions options, TimeProvider time, Action<OnRetryArguments<object>> onRetry) =>
        options.MaxRetries == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is KubernetesApiException { RetryAfter: TimeSpan retryAfter } ? retryAfter : (TimeSpan?)null),
                OnRetry = args =>
                {
                    onRetry(args);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}
