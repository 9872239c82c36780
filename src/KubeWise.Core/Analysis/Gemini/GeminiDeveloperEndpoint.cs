using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>The Gemini Developer API: <c>{Endpoint}/v1beta/models/{model}</c> with the <c>x-goog-api-key</c> header.</summary>
public sealed class GeminiDeveloperEndpoint(IOptions<GeminiOptions> options) : IGeminiEndpoint
{
    public const string ApiKeyHeader = "x-goog-api-key";

    private readonly GeminiOptions _options = options.Value;

    public string Model => _options.Model;

    public bool IsConfigured => _options.HasApiKey;

    public string UnconfiguredReason => "GEMINI_API_KEY is not set.";

    public Uri GenerateContentUri => new($"{ModelUri.AbsoluteUri}:generateContent");

    public Uri ModelUri => new($"{_options.Endpoint.TrimEnd('/')}/v1beta/models/{Uri.EscapeDataString(_options.Model)}");

    public ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsConfigured)
        {
            throw new InvalidOperationException(UnconfiguredReason);
        }

        // A header, not the ?key= query parameter, so the key stays out of URLs that proxies and logs keep.
        request.Headers.Add(ApiKeyHeader, _options.ApiKey!.Trim());
        return ValueTask.CompletedTask;
    }
}
