using KubeWise.Application.Activities;
using KubeWise.Core.Events;
using Microsoft.DurableTask;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// Durable retries for activities. Only a failure that may pass is retried: <see cref="TransientStepException"/> (the
/// API server briefly unreachable, 429, 5xx) and Core's <see cref="EventStoreUnavailableException"/> (the store down or
/// slow). A refusal, a validation failure, a missing event or a bug fails at once, never twice.
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
        return TaskOptions.FromRetryPolicy(new RetryPolicy(timings.ActivityMaxAttempts, timings.ActivityFirstRetryInterval, backoffCoefficient: 2.0)
        {
            HandleFailure = IsTransient,
        });
    }

    public static bool IsTransient(TaskFailureDetails failure)
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (TransientTypes.Contains(current.ErrorType, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
