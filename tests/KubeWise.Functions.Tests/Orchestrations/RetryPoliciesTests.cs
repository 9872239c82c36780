using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Core.Events;
using Microsoft.DurableTask;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// Which activity failures the workflow retries: a failure that may pass (the API server or the store briefly
/// unreachable) is retried, as the failure Durable reports it (the exception's type name, possibly wrapped); a missing
/// event, a refused status change or a bug is not.
/// </summary>
public sealed class RetryPoliciesTests
{
    [Theory]
    [InlineData(typeof(TransientStepException))]
    [InlineData(typeof(EventStoreUnavailableException))]
    public void IsTransient_MayPass_Retried(Type error)
    {
        Assert.True(RetryPolicies.IsTransient(Failure(error)));
        Assert.True(RetryPolicies.IsTransient(Failure(typeof(InvalidOperationException), inner: Failure(error))));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(EventNotFoundException))]
    [InlineData(typeof(EventConflictException))]
    [InlineData(typeof(InvalidStatusTransitionException))]
    [InlineData(typeof(EventStoreException))]
    public void IsTransient_WillNotPass_NotRetried(Type error) =>
        Assert.False(RetryPolicies.IsTransient(Failure(error)));

    private static TaskFailureDetails Failure(Type error, TaskFailureDetails? inner = null) =>
        new(error.FullName!, "failed", null, inner, null);
}
