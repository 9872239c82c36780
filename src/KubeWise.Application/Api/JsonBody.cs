using System.Text.Json;

namespace KubeWise.Application.Api;

/// <summary>
/// A JSON object body, read within the size limit, and the one safe reader of its fields. Every failure is an
/// <see cref="ApiProblem"/> for the caller (400 naming the field, 413, 415), never an exception: invalid UTF-8 inside a
/// string or an unpaired surrogate escape (<c>"\ud800"</c>) is the caller's mistake, not a 500.
/// </summary>
public sealed class JsonBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowDuplicateProperties = false };
    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    /// <summary>The body, or the problem with it.</summary>
    /// <param name="optional">An empty body counts as <c>{}</c> (e.g. reject without a comment).</param>
    public static async Task<(JsonBody? Body, ApiProblem? Problem)> ReadAsync(ApiRequest request, int maxBytes, bool optional, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, ApiProblem.TooLarge(maxBytes));
        }

        if (request.ContentType is { Length: > 0 } type && !IsJson(type))
        {
            return (null, ApiProblem.UnsupportedMediaType(type));
        }

        var bytes = await ReadLimitedAsync(request.Body, maxBytes, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiProblem.TooLarge(maxBytes));
        }

        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return optional
                ? (new JsonBody(JsonDocument.Parse("{}").RootElement), null)
                : (null, ApiProblem.BadRequest("The body is empty; send a JSON object."));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, DocumentOptions);
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiProblem.BadRequest($"The body must be a JSON object, got {Kind(root)}."));
            }

            return (new JsonBody(root), null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.BadRequest($"The body is not valid JSON: {ApiProblem.Shorten(e.Message)}"));
        }
    }

    /// <summary>Refuses fields that <typeparamref name="TRequest"/> (a request record) does not declare.</summary>
    public ApiProblem? RejectUnknown<TRequest>() =>
        RejectUnknown([.. ApiJson.Options.GetTypeInfo(typeof(TRequest)).Properties.Select(p => p.Name)]);

    /// <summary>
    /// Refuses fields the endpoint does not know, so a typo (or an attempt to set <c>by</c>) is not silently ignored.
    /// A field name that is not valid text is refused too.
    /// </summary>
    public ApiProblem? RejectUnknown(params string[] known)
    {
        var unknown = new List<string>();
        foreach (var property in _root.EnumerateObject())
        {
            if (known.Any(property.NameEquals))
            {
                continue;
            }

            if (!TryText(() => property.Name, out var name))
            {
                return ApiProblem.BadRequest("A field name is not valid UTF-8 or UTF-16 text.");
            }

            unknown.Add(name);
        }

        return unknown.Count == 0
            ? null
            : ApiProblem.BadRequest(
                $"Unknown field(s): {string.Join(", ", unknown.Take(5).Select(ApiProblem.Shorten))}. Allowed: {string.Join(", ", known)}.",
                unknown.Take(5).Distinct(StringComparer.Ordinal).ToDictionary(ApiProblem.Shorten, _ => new[] { "unknown field" }));
    }

    /// <summary>An optional string field: null when absent or JSON null; a problem when of another type, too long or not valid text.</summary>
    public bool TryGetString(string name, int maxLength, out string? value, out ApiProblem? problem)
    {
        value = null;
        problem = null;
        if (!_root.TryGetProperty(name, out var node) || node.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (node.ValueKind != JsonValueKind.String)
        {
            problem = ApiProblem.Invalid(name, $"{name} must be a string, got {Kind(node)}.");
            return false;
        }

        if (!TryText(node.GetString, out var text) || SafeText.Problem(text, maxLength) is not null)
        {
            problem = ApiProblem.Invalid(name, $"{name} must be at most {maxLength} printable characters of valid UTF-8 text"
                + (text is null ? " (it is not valid UTF-8 or holds an unpaired surrogate)." : $" ({SafeText.Problem(text, maxLength)})."));
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>An optional boolean field: null when absent or JSON null; a problem when of another type (no "true" strings).</summary>
    public bool TryGetBool(string name, out bool? value, out ApiProblem? problem)
    {
        value = null;
        problem = null;
        if (!_root.TryGetProperty(name, out var node) || node.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (node.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem = ApiProblem.Invalid(name, $"{name} must be true or false, got {Kind(node)}.");
            return false;
        }

        value = node.GetBoolean();
        return true;
    }

    /// <summary>An optional array of non-empty strings (trimmed).</summary>
    public bool TryGetStrings(string name, int maxItems, int maxLength, out IReadOnlyList<string>? values, out ApiProblem? problem)
    {
        values = null;
        problem = null;
        if (!_root.TryGetProperty(name, out var node) || node.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (node.ValueKind != JsonValueKind.Array || node.GetArrayLength() > maxItems)
        {
            problem = ApiProblem.Invalid(name, $"{name} must be an array of at most {maxItems} strings.");
            return false;
        }

        var list = new List<string>();
        foreach (var item in node.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !TryText(item.GetString, out var text)
                || string.IsNullOrWhiteSpace(text) || SafeText.Problem(text, maxLength, allowNewlines: false) is not null)
            {
                problem = ApiProblem.Invalid(name, $"every item of {name} must be a non-empty string of at most {maxLength} printable characters of valid UTF-8 text.");
                return false;
            }

            list.Add(text.Trim());
        }

        values = list;
        return true;
    }

    /// <summary>
    /// Reads a JSON string; System.Text.Json checks a string's UTF-8 and escapes only when it is read, and throws
    /// <see cref="InvalidOperationException"/> for invalid ones: that is the caller's bad text, so it is an answer.
    /// </summary>
    private static bool TryText(Func<string?> read, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        try
        {
            text = read();
            return text is not null;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static bool IsJson(string contentType)
    {
        var media = contentType.Split(';', 2)[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || media.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int maxBytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Kind(JsonElement node) => node.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a value",
    };
}
