using System.Text.RegularExpressions;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>Kubernetes name rules (apimachinery <c>IsDNS1123Label</c> / <c>IsDNS1123Subdomain</c>).</summary>
public static partial class Dns1123
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;
    public const string LabelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string SubdomainPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>Null when <paramref name="value"/> is a valid label (namespaces, container names), otherwise why not.</summary>
    public static string? CheckLabel(string value)
    {
        if (value.Length > LabelMaxLength)
        {
            return $"must be at most {LabelMaxLength} characters";
        }

        return LabelRegex().IsMatch(value) ? null : "must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)";
    }

    /// <summary>Null when <paramref name="value"/> is a valid subdomain (object and node names), otherwise why not.</summary>
    public static string? CheckSubdomain(string value)
    {
        if (value.Length > SubdomainMaxLength)
        {
            return $"must be at most {SubdomainMaxLength} characters";
        }

        return SubdomainRegex().IsMatch(value) ? null : "must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)";
    }

    [GeneratedRegex(LabelPattern, RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();

    [GeneratedRegex(SubdomainPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SubdomainRegex();
}
