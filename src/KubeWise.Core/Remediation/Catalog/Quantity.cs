using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>What a resource quantity measures; the two have different sensible spellings.</summary>
public enum QuantityKind
{
    Cpu,
    Memory,
}

/// <summary>
/// A non-negative Kubernetes resource quantity (<c>500m</c>, <c>0.5</c>, <c>256Mi</c>, <c>1G</c>), kept with its original
/// spelling so a command prints back exactly as written, and its value in base units (cores or bytes) for comparisons.
/// </summary>
public readonly partial record struct Quantity(string Text, decimal Value)
{
    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    private const decimal MinimumMemoryBytes = 1024m * 1024;

    public override string ToString() => Text;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(string text, QuantityKind kind, out Quantity quantity, out string? error)
    {
        quantity = default;
        var match = QuantityRegex().Match(text);
        if (text.Length > 24 || !match.Success)
        {
            error = kind == QuantityKind.Cpu
                ? "must be a CPU quantity such as 250m, 0.5 or 2"
                : "must be a memory quantity such as 256Mi, 1Gi or 512M";
            return false;
        }

        var number = decimal.Parse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var suffix = match.Groups["suffix"].Value;
        decimal value;
        if (suffix.Length > 1 && suffix[1] != 'i')
        {
            var exponent = int.Parse(suffix.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (exponent is < -3 or > 18)
            {
                error = "exponent out of range";
                return false;
            }

            if (number > 1e9m)
            {
                error = "number too large";
                return false;
            }

            value = number * (decimal)Math.Pow(10, exponent);
        }
        else if (!Multipliers.TryGetValue(suffix, out var multiplier))
        {
            error = $"unknown suffix '{suffix}'";
            return false;
        }
        else if (number > 1e12m)
        {
            error = "number too large";
            return false;
        }
        else
        {
            value = number * multiplier;
        }

        if (kind == QuantityKind.Cpu)
        {
            if (value < 0.001m || decimal.Round(value, 3) != value)
            {
                error = "CPU must be at least 1m and a whole number of millicores";
                return false;
            }
        }
        else if (suffix == "m" || value < MinimumMemoryBytes)
        {
            error = "memory must be at least 1Mi (no millibyte quantities)";
            return false;
        }

        quantity = new Quantity(text, value);
        error = null;
        return true;
    }

    [GeneratedRegex("^(?<number>[0-9]+(\\.[0-9]+)?|\\.[0-9]+)(?<suffix>[eE][+-]?[0-9]{1,2}|[kMGTPE]i|[mkMGTPE])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityRegex();
}
