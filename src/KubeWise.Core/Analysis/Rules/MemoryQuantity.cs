using System.Globalization;

namespace KubeWise.Core.Analysis.Rules;

/// <summary>
/// Reads and writes a memory limit for the "raise the limit" step. Only the runbook's arithmetic: the command it
/// feeds is validated by the catalog like any other proposal.
/// </summary>
internal static class MemoryQuantity
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
        ("k", 1000L), ("M", 1000_000L), ("G", 1000_000_000L), ("T", 1000_000_000_000L),
    ];

    public static long? ToBytes(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity))
        {
            return null;
        }

        var text = quantity.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                return (long)(n * factor);
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;
    }

    /// <summary>Whole mebibytes, rounded up, so the new limit is never below what was asked for.</summary>
    public static string FromBytes(long bytes) =>
        ((bytes + (1L << 20) - 1) >> 20).ToString(CultureInfo.InvariantCulture) + "Mi";
}
