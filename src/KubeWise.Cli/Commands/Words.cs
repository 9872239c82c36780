using System.Globalization;

namespace KubeWise.Cli.Commands;

/// <summary>Counted nouns for people: "1 anomaly", "3 anomalies".</summary>
internal static class Words
{
    public static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
