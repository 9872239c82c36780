namespace KubeWise.Core.Remediation.Execution;

/// <summary>The live object no longer matches what was validated; the message says what changed. Nothing is written.</summary>
public sealed class RevalidationException : Exception
{
    public RevalidationException(string message)
        : base(message)
    {
    }

    public RevalidationException()
    {
    }

    public RevalidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
