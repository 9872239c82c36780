namespace KubeWise.Core.Detection.Backtest;

/// <summary>The backtest input cannot be used; the message names the file and, where there is one, the line.</summary>
public sealed class BacktestInputException : Exception
{
    public BacktestInputException(string message, int? line = null)
        : base(message) => Line = line;

    public BacktestInputException()
    {
    }

    public BacktestInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int? Line { get; }
}
