using KubeWise.Application.Activities;
using KubeWise.Core.Events;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// Durable retries for activities. Only a failure that may pass is retried: <see cref="TransientStepException"/> (the
/// API server briefly unreachable, 429, 5xx) up to <see cref="RemediationTimings.ActivityMaxAttempts"/>, and Core's
/// <see cref="EventStoreUnavailableException"/> (the store down or slow) for as long as the store stays unreachable, up
/// to <see cref="RemediationTimings.StoreOutageLimit"/>, with backoff capped at
/// <see cref="RemediationTimings.StoreRetryMaxInterval"/>. A refusal, a validation failure, a missing event or a bug
/// fails at once, never twice. The waits are durable timers, so a host restart mid-wait resumes it.
/// </summary>
public static class RetryPolicies
{
    private static readonly string[] TransientTypes =
    [
        typeof(TransientStepException).FullName!,
        typeof(EventStoreUnavailableException).FullName!,
    ];

    public static TaskOptions Transient(RemediationTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (Delay(timings, retry.LastFailure, retry.LastAttemptNumber, retry.TotalRetryTime) is not { } delay)
            {
                return false;
            }

            await retry.OrchestrationContext.CreateTimer(delay, retry.CancellationToken).ConfigureAwait(true);
            return true;
        });
    }

    /// <summary>How long to wait before the next attempt after <paramref name="attempt"/> failed with <paramref name="failure"/>; null: give up.</summary>
    public static TimeSpan? Delay(RemediationTimings timings, TaskFailureDetails failure, int attempt, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(timings);
        ArgumentNullException.ThrowIfNull(failure);
        var backoff = timings.ActivityFirstRetryInterval * Math.Pow(2, Math.Clamp(attempt - 1, 0, 20));
        if (IsStoreUnavailable(failure) && timings.StoreOutageLimit > TimeSpan.Zero)
        {
            var cap = timings.StoreRetryMaxInterval > TimeSpan.Zero ? timings.StoreRetryMaxInterval : timings.ActivityFirstRetryInterval;
            var delay = backoff < cap ? backoff : cap;
            return elapsed + delay <= timings.StoreOutageLimit ? delay : null;
        }

        return IsTransient(failure) && attempt < timings.ActivityMaxAttempts ? backoff : null;
    }

    public static bool IsTransient(TaskFailureDetails failure) => Any(failure, TransientTypes);

    /// <summary>The activity failed because the event store could not be reached (not because something is missing).</summary>
    public static bool IsStoreUnavailable(TaskFailureDetails failure) => Any(failure, [typeof(EventStoreUnavailableException).FullName!]);

    private static bool Any(TaskFailureDetails failure, string[] types)
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (types.Contains(current.ErrorType, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
