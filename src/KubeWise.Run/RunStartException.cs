namespace KubeWise.Run;

/// <summary>
/// <c>kubewise run</c> cannot start for a reason the user can fix (a missing tool, a port in use, a bad setting). The
/// message is one line saying what to do; the CLI prints it without a stack trace and exits 1.
/// </summary>
public sealed class RunStartException : Exception
{
    public RunStartException(string message)
        : base(message)
    {
    }

    public RunStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RunStartException()
        : base("kubewise run could not start.")
    {
    }
}
