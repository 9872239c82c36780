using System.Diagnostics;
using System.Text;
using KubeWise.Core.Events;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Llm;

/// <summary>
/// The innermost handler of every model HttpClient: copies each request's bytes exactly as they go to the wire (auth
/// headers and key query parameters removed) and the raw answer into the current <see cref="ExchangeCapture"/>. A retry
/// is a second exchange. Without an open capture it only passes the request on.
/// </summary>
public sealed class ExchangeRecorder(IOptions<LlmOptions> options, TimeProvider time) : DelegatingHandler
{
    /// <summary>Headers that carry credentials; never recorded.</summary>
    public static readonly IReadOnlySet<string> CredentialHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "api-key", "x-goog-api-key", "Proxy-Authorization", "Cookie",
    };

    /// <summary>Query parameters that carry credentials; removed from the recorded URL.</summary>
    public static readonly IReadOnlySet<string> CredentialParameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "key", "api-key", "api_key", "access_token",
    };

    private static readonly AsyncLocal<ExchangeCapture?> Current = new();

    /// <summary>Starts recording the model calls made by this async flow; dispose to stop.</summary>
    public static ExchangeCapture Begin(string purpose, string provider, string? model)
    {
        var capture = new ExchangeCapture(purpose, provider, model, Current.Value);
        Current.Value = capture;
        return capture;
    }

    internal static void End(ExchangeCapture capture)
    {
        if (ReferenceEquals(Current.Value, capture))
        {
            Current.Value = capture.Outer;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var capture = Current.Value;
        if (capture is null || !options.Value.RecordExchanges)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var max = options.Value.MaxRecordedBytes;
        byte[] sent = [];
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            sent = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .Where(h => !CredentialHeaders.Contains(h.Key))
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.Ordinal);
        var at = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var exchange = new ModelExchange
        {
            Purpose = capture.Purpose,
            Provider = capture.Provider,
            Model = capture.Model,
            At = at,
            Method = request.Method.Method,
            Url = WithoutCredentials(request.RequestUri),
            RequestHeaders = headers,
            RequestBody = Cut(sent, max, out var requestCut),
            RequestBytes = sent.LongLength,
            RequestTruncated = requestCut,
        };

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            capture.Add(exchange with { LatencyMs = clock.ElapsedMilliseconds, Error = ex.Message });
            throw;
        }

        byte[] received = [];
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            received = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            capture.Add(exchange with { LatencyMs = clock.ElapsedMilliseconds, Status = (int)response.StatusCode, Error = ex.Message });
            throw;
        }

        capture.Add(exchange with
        {
            LatencyMs = clock.ElapsedMilliseconds,
            Status = (int)response.StatusCode,
            ResponseBody = Cut(received, max, out var responseCut),
            ResponseBytes = received.LongLength,
            ResponseTruncated = responseCut,
        });
        return response;
    }

    /// <summary>The URL with credential query parameters removed.</summary>
    public static string WithoutCredentials(Uri? uri)
    {
        if (uri is null)
        {
            return string.Empty;
        }

        if (string.IsNullOrEmpty(uri.Query))
        {
            return uri.AbsoluteUri;
        }

        var kept = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !CredentialParameters.Contains(Uri.UnescapeDataString(p.Split('=', 2)[0])));
        var builder = new UriBuilder(uri) { Query = string.Join('&', kept) };
        return builder.Uri.AbsoluteUri;
    }

    private static string Cut(byte[] bytes, int max, out bool truncated)
    {
        truncated = bytes.Length > max;
        if (!truncated)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // Cut on a character boundary: back off continuation bytes (10xxxxxx).
        var end = max;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return Encoding.UTF8.GetString(bytes, 0, end);
    }
}

/// <summary>The exchanges of one model call (one analysis, one verification); see <see cref="ExchangeRecorder.Begin"/>.</summary>
public sealed class ExchangeCapture : IDisposable
{
    private readonly List<ModelExchange> _exchanges = [];
    private readonly Lock _gate = new();

    internal ExchangeCapture(string purpose, string provider, string? model, ExchangeCapture? outer)
    {
        Purpose = purpose;
        Provider = provider;
        Model = model;
        Outer = outer;
    }

    public string Purpose { get; }

    public string Provider { get; }

    public string? Model { get; }

    internal ExchangeCapture? Outer { get; }

    public IReadOnlyList<ModelExchange> Exchanges
    {
        get
        {
            lock (_gate)
            {
                return [.. _exchanges];
            }
        }
    }

    internal void Add(ModelExchange exchange)
    {
        lock (_gate)
        {
            _exchanges.Add(exchange);
        }
    }

    public void Dispose() => ExchangeRecorder.End(this);
}
