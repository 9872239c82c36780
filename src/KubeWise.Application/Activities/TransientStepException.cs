namespace KubeWise.Application.Activities;

/// <summary>An activity failed for a reason that may pass (a dependency briefly unreachable): the orchestration retries it.</summary>
public sealed class TransientStepException : Exception
{
    public TransientStepException()
    {
    }

    public TransientStepException(string message)
        : base(message)
    {
    }

    public TransientStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
