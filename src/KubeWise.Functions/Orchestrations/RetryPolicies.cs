using KubeWise.Functions.Activities;
using Microsoft.DurableTask;

namespace KubeWise.Functions.Orchestrations;

/// <summary>
/// Durable retries for activities. Only <see cref="TransientStepException"/> is retried (the store or the API server
/// briefly unreachable, 429, 5xx): a refusal, a validation failure or a bug fails at once, never twice.
/// </summary>
public static class RetryPolicies
{
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
            if (current.ErrorType == typeof(TransientStepException).FullName)
            {
                return true;
            }
        }

        return false;
    }
}
