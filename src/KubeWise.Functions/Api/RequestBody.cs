using System.Text.Json;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KubeWise.Functions.Api;

/// <summary>
/// Reads a JSON object body within the size limit. Every failure is an answer for the caller (400, 413, 415),
/// never an exception: a malformed request must not become a 500.
/// </summary>
public static class RequestBody
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    /// <param name="optional">An empty body counts as <c>{}</c> (e.g. reject without a comment).</param>
    /// <returns>The object, or the error answer.</returns>
    public static async Task<(JsonObject? Body, IActionResult? Error)> ReadObjectAsync(HttpRequest request, int maxBytes, bool optional, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, ApiResults.TooLarge(maxBytes));
        }

        if (request.ContentType is { Length: > 0 } type && !IsJson(type))
        {
            return (null, ApiResults.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
                $"Send the body as application/json, not '{ApiResults.Shorten(type)}'."));
        }

        var bytes = await ReadLimitedAsync(request.Body, maxBytes, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiResults.TooLarge(maxBytes));
        }

        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return optional ? (new JsonObject(), null) : (null, ApiResults.BadRequest("The body is empty; send a JSON object."));
        }

        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: DocumentOptions);

            // JsonObject reads its properties lazily; a duplicate name only throws when first enumerated, so do it here.
            return node is JsonObject obj && obj.Count >= 0
                ? (obj, null)
                : (null, ApiResults.BadRequest($"The body must be a JSON object, got {Kind(node)}."));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or System.Text.DecoderFallbackException or InvalidOperationException)
        {
            return (null, ApiResults.BadRequest($"The body is not valid JSON: {ApiResults.Shorten(e.Message)}"));
        }
    }

    /// <summary>An optional string field: null when absent or JSON null; an error when of another type or too long.</summary>
    public static bool TryGetString(JsonObject body, string name, int maxLength, out string? value, out IActionResult? error)
    {
        value = null;
        error = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        if (node is not JsonValue v || !v.TryGetValue(out string? text))
        {
            error = ApiResults.Invalid(name, $"{name} must be a string, got {Kind(node)}.");
            return false;
        }

        if (text.Length > maxLength || text.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            error = ApiResults.Invalid(name, $"{name} must be at most {maxLength} printable characters.");
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>An optional boolean field: null when absent or JSON null; an error when of another type (no "true" strings).</summary>
    public static bool TryGetBool(JsonObject body, string name, out bool? value, out IActionResult? error)
    {
        value = null;
        error = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        if (node is not JsonValue v || !v.TryGetValue(out bool flag))
        {
            error = ApiResults.Invalid(name, $"{name} must be true or false, got {Kind(node)}.");
            return false;
        }

        value = flag;
        return true;
    }

    /// <summary>An optional array of strings.</summary>
    public static bool TryGetStrings(JsonObject body, string name, int maxItems, int maxLength, out IReadOnlyList<string>? values, out IActionResult? error)
    {
        values = null;
        error = null;
        if (!body.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        if (node is not JsonArray array || array.Count > maxItems)
        {
            error = ApiResults.Invalid(name, $"{name} must be an array of at most {maxItems} strings.");
            return false;
        }

        var list = new List<string>();
        foreach (var item in array)
        {
            if (item is not JsonValue v || !v.TryGetValue(out string? text) || string.IsNullOrWhiteSpace(text) || text.Length > maxLength)
            {
                error = ApiResults.Invalid(name, $"every item of {name} must be a non-empty string of at most {maxLength} characters.");
                return false;
            }

            list.Add(text.Trim());
        }

        values = list;
        return true;
    }

    /// <summary>Refuses fields the endpoint does not know, so a typo (or an attempt to set <c>by</c>) is not silently ignored.</summary>
    public static IActionResult? RejectUnknown(JsonObject body, params string[] known)
    {
        var unknown = body.Select(p => p.Key).Where(k => !known.Contains(k, StringComparer.Ordinal)).ToList();
        return unknown.Count == 0
            ? null
            : ApiResults.BadRequest(
                $"Unknown field(s): {string.Join(", ", unknown.Take(5).Select(ApiResults.Shorten))}. Allowed: {string.Join(", ", known)}.",
                unknown.Take(5).ToDictionary(k => ApiResults.Shorten(k), _ => new[] { "unknown field" }));
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

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonObject => "an object",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a value",
        },
        _ => "a value",
    };
}
