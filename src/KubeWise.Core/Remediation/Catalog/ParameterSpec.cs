using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The closed set of value types a command parameter can have.</summary>
public enum ParameterType
{
    /// <summary>An object or node name (DNS-1123 subdomain).</summary>
    ObjectName,

    /// <summary>A namespace or container name (DNS-1123 label).</summary>
    Label,

    /// <summary>A whole number within the spec's bounds.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A CPU quantity (<c>500m</c>).</summary>
    CpuQuantity,

    /// <summary>A memory quantity (<c>256Mi</c>).</summary>
    MemoryQuantity,

    /// <summary>One of the spec's <see cref="ParameterSpec.Values"/>.</summary>
    Enum,

    /// <summary>A short plain token: letters, digits and <c>.-_:/</c>, no spaces or quotes.</summary>
    Token,
}

/// <summary>One typed parameter of an operation: its name in the text form, its type and bounds.</summary>
public sealed partial record ParameterSpec(
    string Name,
    ParameterType Type,
    string Description,
    bool Required = true,
    long? Minimum = null,
    long? Maximum = null,
    IReadOnlyList<string>? Values = null)
{
    public const int TokenMaxLength = 128;

    /// <summary>Validates a raw value; returns the typed value (string, long, bool or <see cref="Quantity"/>) or an error.</summary>
    public bool TryConvert(string raw, out object? value, out string? error)
    {
        value = null;
        error = null;
        switch (Type)
        {
            case ParameterType.ObjectName:
                error = Dns1123.CheckSubdomain(raw);
                value = raw;
                break;
            case ParameterType.Label:
                error = Dns1123.CheckLabel(raw);
                value = raw;
                break;
            case ParameterType.Integer:
                if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    || raw.StartsWith('+') || (raw.Length > 1 && raw[0] == '0'))
                {
                    error = "must be a whole number";
                }
                else if (number < (Minimum ?? long.MinValue) || number > (Maximum ?? long.MaxValue))
                {
                    error = Maximum is null
                        ? $"must be at least {Minimum}"
                        : $"must be between {Minimum} and {Maximum}";
                }

                value = number;
                break;
            case ParameterType.Boolean:
                if (raw is not ("true" or "false"))
                {
                    error = "must be true or false";
                }

                value = raw == "true";
                break;
            case ParameterType.CpuQuantity:
            case ParameterType.MemoryQuantity:
                var kind = Type == ParameterType.CpuQuantity ? QuantityKind.Cpu : QuantityKind.Memory;
                if (Quantity.TryParse(raw, kind, out var quantity, out var quantityError))
                {
                    value = quantity;
                }

                error = quantityError;
                break;
            case ParameterType.Enum:
                if (Values is null || !Values.Contains(raw, StringComparer.Ordinal))
                {
                    error = $"must be one of {string.Join(", ", Values ?? [])}";
                }

                value = raw;
                break;
            case ParameterType.Token:
                if (raw.Length > TokenMaxLength || !TokenRegex().IsMatch(raw))
                {
                    error = $"must be at most {TokenMaxLength} characters of letters, digits and . - _ : /";
                }

                value = raw;
                break;
            default:
                error = "has an unsupported type";
                break;
        }

        if (error is not null)
        {
            value = null;
            return false;
        }

        return true;
    }

    /// <summary>Prints a typed value back in the text form.</summary>
    public static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        Quantity q => q.Text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>This parameter as an OpenAPI-subset schema (type, description, enum, pattern, bounds; no <c>$ref</c>).</summary>
    public JsonObject ToSchema()
    {
        var schema = new JsonObject
        {
            ["type"] = Type switch
            {
                ParameterType.Integer => "integer",
                ParameterType.Boolean => "boolean",
                _ => "string",
            },
            ["description"] = Description,
        };
        switch (Type)
        {
            case ParameterType.ObjectName:
                schema["pattern"] = Dns1123.SubdomainPattern;
                schema["maxLength"] = Dns1123.SubdomainMaxLength;
                break;
            case ParameterType.Label:
                schema["pattern"] = Dns1123.LabelPattern;
                schema["maxLength"] = Dns1123.LabelMaxLength;
                break;
            case ParameterType.Integer:
                if (Minimum is { } min)
                {
                    schema["minimum"] = min;
                }

                if (Maximum is { } max)
                {
                    schema["maximum"] = max;
                }

                break;
            case ParameterType.CpuQuantity:
                schema["pattern"] = "^([0-9]+m|[0-9]+(\\.[0-9]{1,3})?)$";
                break;
            case ParameterType.MemoryQuantity:
                schema["pattern"] = "^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)?$";
                break;
            case ParameterType.Enum:
                schema["enum"] = new JsonArray((Values ?? []).Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
                break;
            case ParameterType.Token:
                schema["pattern"] = TokenPattern;
                schema["maxLength"] = TokenMaxLength;
                break;
        }

        return schema;
    }

    private const string TokenPattern = "^[A-Za-z0-9._:/-]+$";

    [GeneratedRegex(TokenPattern, RegexOptions.CultureInvariant)]
    private static partial Regex TokenRegex();
}
