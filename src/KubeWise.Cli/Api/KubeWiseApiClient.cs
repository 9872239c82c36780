using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeWise.Cli.Api;

/// <summary>One answer of the API: the status and the JSON body (problem details on errors).</summary>
internal sealed record ApiReply(int Status, JsonNode? Body, string Text)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The problem's title and detail, or the raw text, for an error message.</summary>
    public string Describe() =>
        Body is JsonObject o && o["title"] is not null
            ? $"{o["title"]!.GetValue<string>()}{(o["detail"]?.GetValue<string>() is { Length: > 0 } d ? " " + d : string.Empty)}"
            : Text.Length > 300 ? Text[..300] : Text;
}

/// <summary>
/// The KubeWise HTTP API (<c>/api/v1</c>) as the CLI calls it. The base URL and function key come from
/// <c>--url</c>/<c>--key</c>, else <c>KUBEWISE_API_URL</c>/<c>KUBEWISE_API_KEY</c>; the key is sent as <c>x-functions-key</c>.
/// </summary>
internal sealed class KubeWiseApiClient(HttpClient http) : IDisposable
{
    public const string UrlVariable = "KUBEWISE_API_URL";
    public const string KeyVariable = "KUBEWISE_API_KEY";
    public const string DefaultUrl = "http://localhost:7071";

    public Uri BaseAddress => http.BaseAddress!;

    /// <returns>The client, or null after writing why the URL is unusable.</returns>
    public static KubeWiseApiClient? Create(string? url, string? key, TextWriter error)
    {
        var text = url ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"The API URL '{text}' is not an absolute http(s) URL (--url or {UrlVariable}).");
            return null;
        }

        var http = new HttpClient { BaseAddress = new Uri(uri.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(100) };
        if ((key ?? Environment.GetEnvironmentVariable(KeyVariable)) is { Length: > 0 } functionKey)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        }

        return new KubeWiseApiClient(http);
    }

    public Task<ApiReply> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, Relative(path)), ct);

    public Task<ApiReply> PostAsync(string path, object body, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Relative(path)) { Content = JsonContent.Create(body) }, ct);

    public static string EventPath(string id) => $"api/v1/remediation/events/{Uri.EscapeDataString(id)}";

    private async Task<ApiReply> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonNode? body = null;
            try
            {
                body = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON (a proxy's error page): the text is shown as it is.
            }

            return new ApiReply((int)response.StatusCode, body, text);
        }
    }

    private static Uri Relative(string path) => new(path.TrimStart('/'), UriKind.Relative);

    public void Dispose() => http.Dispose();
}
