namespace KubeWise.Cli;

/// <summary>Exit codes shared by every command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int AnomaliesFound = 3;
}
