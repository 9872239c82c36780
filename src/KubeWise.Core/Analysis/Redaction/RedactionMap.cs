using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeWise.Core.Analysis.Redaction;

/// <summary>
/// Real names ↔ placeholders for one prompt. One real value has one placeholder (a label value equal to the deployment's
/// name gets the deployment's placeholder), numbered in the order values are registered, so the same incident always
/// gets the same placeholders. Not thread-safe: one map per call.
/// </summary>
public sealed partial class RedactionMap
{
    public const string Prefix = "redacted-";

    /// <summary>Shorter values are replaced in structured fields only: in free text they would hit ordinary words and numbers.</summary>
    public const int MinFreeTextLength = 3;

    private readonly Dictionary<string, string> _placeholders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private Regex? _freeText;

    /// <summary>Placeholder → real value.</summary>
    public IReadOnlyDictionary<string, string> Reals => _reals;

    /// <summary>The placeholder for <paramref name="real"/>, registering it under <paramref name="category"/> (<c>ns</c>, <c>pod</c>, <c>label</c>…) when new.</summary>
    public string Name(string category, string real)
    {
        ArgumentNullException.ThrowIfNull(real);
        if (real.Length == 0)
        {
            return real;
        }

        if (_placeholders.TryGetValue(real, out var known))
        {
            return known;
        }

        var kind = Category().Replace(category.ToLowerInvariant(), string.Empty);
        kind = kind.Length == 0 ? "value" : kind;
        var n = _counters[kind] = _counters.GetValueOrDefault(kind) + 1;
        var placeholder = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{kind}-{n}");
        _placeholders[real] = placeholder;
        _reals[placeholder] = real;
        _freeText = null;
        return placeholder;
    }

    /// <summary>Registers every IPv4 and IPv6 address in <paramref name="text"/> under <c>ip</c>, so free text loses them too.</summary>
    public void RegisterAddresses(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (Match match in Address().Matches(text))
        {
            if (System.Net.IPAddress.TryParse(match.Value, out _))
            {
                Name("ip", match.Value);
            }
        }
    }

    /// <summary>Free text with every registered value (at least <see cref="MinFreeTextLength"/> characters, as a whole token) replaced.</summary>
    public string Text(string? text)
    {
        if (string.IsNullOrEmpty(text) || _placeholders.Count == 0)
        {
            return text ?? string.Empty;
        }

        _freeText ??= BuildFreeText();
        return _freeText is null ? text : _freeText.Replace(text, m => _placeholders[m.Value]);
    }

    /// <summary>Text with every placeholder of this map replaced by its real value; unknown placeholders stay as they are.</summary>
    public string Restore(string? text)
    {
        if (string.IsNullOrEmpty(text) || _reals.Count == 0)
        {
            return text ?? string.Empty;
        }

        return Placeholder().Replace(text, m => _reals.TryGetValue(m.Value, out var real) ? real : m.Value);
    }

    private Regex? BuildFreeText()
    {
        // Longest first, so a pod name wins over the deployment name it starts with; a token is bounded by characters
        // that cannot continue a Kubernetes name. '_' is a boundary too (no Kubernetes name holds one), so a feature
        // name such as network_errors_worker-2 loses the node's name.
        var values = _placeholders.Keys.Where(v => v.Length >= MinFreeTextLength)
            .OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal)
            .Select(Regex.Escape).ToArray();
        return values.Length == 0
            ? null
            : new Regex($"(?<![A-Za-z0-9.-])(?:{string.Join('|', values)})(?![A-Za-z0-9-])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex("[^a-z]")]
    private static partial Regex Category();

    // Candidates only; IPAddress.TryParse decides. IPv4 dotted quads, and IPv6 groups with at least two colons.
    [GeneratedRegex(@"(?<![0-9A-Za-z.:])(?:(?:[0-9]{1,3}\.){3}[0-9]{1,3}|(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{2,39}(?<=[0-9A-Fa-f]))(?![0-9A-Za-z.])")]
    private static partial Regex Address();

    [GeneratedRegex(@"redacted-[a-z]+-[0-9]+(?![0-9])")]
    private static partial Regex Placeholder();
}
