using KubeWise.Core.Telemetry;
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace KubeWise.Core.Metrics;

/// <summary>
/// Typed HttpClient for the Prometheus API. Retries and per-attempt timeouts come from the resilience handler registered in
/// <see cref="MetricsServiceCollectionExtensions.AddKubeWiseMetrics"/>; this class shapes requests and reads answers.
/// </summary>
internal sealed class PrometheusClient(HttpClient http, IOptions<PrometheusOptions> options, TimeProvider timeProvider, ILogger<PrometheusClient> logger)
    : IPrometheusClient
{
    /// <summary>Listings without an explicit start look back this far: Prometheus's own default is "all time", which is slow on big servers.</summary>
    internal static readonly TimeSpan DefaultListingWindow = TimeSpan.FromHours(1);

    /// <summary>Prometheus refuses range queries with more points per series than this.</summary>
    internal const long MaxPointsPerSeries = 11_000;

    private readonly PrometheusOptions _options = options.Value;

    public Task<PrometheusQueryResult> QueryAsync(string query, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("query", query),
            new("time", FormatTime(time ?? timeProvider.GetUtcNow())),
            new("timeout", ServerTimeout()),
        };
        return SendAsync(HttpMethod.Post, "api/v1/query", parameters, query,
            envelope => PrometheusResponseParser.ReadQueryResult(envelope, "api/v1/query", query), cancellationToken);
    }

    public Task<PrometheusQueryResult> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan? step = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var resolution = step ?? TimeSpan.FromSeconds(_options.ScrapeIntervalSeconds);
        if (resolution <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The step of a range query must be positive.");
        }

        if (end < start)
        {
            throw new ArgumentException($"The range ends ({end:O}) before it starts ({start:O}).", nameof(end));
        }

        if ((end - start) / resolution > MaxPointsPerSeries)
        {
            throw new ArgumentException(
                $"A range of {end - start} at step {resolution} asks for more than {MaxPointsPerSeries} points per series; Prometheus refuses that. Use a larger step.", nameof(step));
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("query", query),
            new("start", FormatTime(start)),
            new("end", FormatTime(end)),
            new("step", FormatSeconds(resolution)),
            new("timeout", ServerTimeout()),
        };
        return SendAsync(HttpMethod.Post, "api/v1/query_range", parameters, query,
            envelope => PrometheusResponseParser.ReadQueryResult(envelope, "api/v1/query_range", query), cancellationToken);
    }

    public Task<PrometheusQueryResult> QueryRangeAsync(string query, TimeSpan window, DateTimeOffset? end = null, TimeSpan? step = null, CancellationToken cancellationToken = default)
    {
        var last = end ?? timeProvider.GetUtcNow();
        return QueryRangeAsync(query, last - window, last, step, cancellationToken);
    }

    public Task<PrometheusList<IReadOnlyDictionary<string, string>>> SeriesAsync(
        IReadOnlyList<string> matchers, DateTimeOffset? start = null, DateTimeOffset? end = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        if (matchers.Count == 0)
        {
            throw new ArgumentException("The series API needs at least one matcher, e.g. up or {job=\"kubelet\"}.", nameof(matchers));
        }

        const string endpoint = "api/v1/series";
        var described = string.Join(", ", matchers);
        var parameters = Listing(matchers, start, end, limit);
        return SendAsync(HttpMethod.Post, endpoint, parameters, described,
            envelope => Limit(PrometheusResponseParser.ReadLabelSets(envelope.Data, endpoint, described), envelope.Warnings, limit, endpoint, described),
            cancellationToken);
    }

    public Task<PrometheusList<string>> LabelValuesAsync(
        string label, IReadOnlyList<string>? matchers = null, DateTimeOffset? start = null, DateTimeOffset? end = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        // This endpoint only answers GET in Prometheus 2.x.
        var endpoint = $"api/v1/label/{Uri.EscapeDataString(label)}/values";
        var parameters = Listing(matchers ?? [], start, end, limit);
        return SendAsync(HttpMethod.Get, endpoint, parameters, label,
            envelope => Limit(PrometheusResponseParser.ReadStringArray(envelope.Data, endpoint, label), envelope.Warnings, limit, endpoint, label),
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> ExternalLabelsAsync(CancellationToken cancellationToken = default)
    {
        const string endpoint = "api/v1/status/config";
        return SendAsync(HttpMethod.Get, endpoint, [], null,
            envelope => PrometheusResponseParser.ReadExternalLabels(envelope.Data, endpoint),
            cancellationToken);
    }

    public Task<PrometheusList<PrometheusMetricMetadata>> MetadataAsync(string? metric = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        const string endpoint = "api/v1/metadata";
        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(metric))
        {
            parameters.Add(new("metric", metric));
        }

        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(limit));
            parameters.Add(new("limit", max.ToString(CultureInfo.InvariantCulture)));
        }

        // Metadata only answers GET in Prometheus 2.x; its limit counts metrics, not entries.
        return SendAsync(HttpMethod.Get, endpoint, parameters, metric,
            envelope =>
            {
                var items = PrometheusResponseParser.ReadMetadata(envelope.Data, endpoint, metric);
                var metrics = items.Select(i => i.Metric).Distinct(StringComparer.Ordinal).Count();
                if (limit is { } max && metrics > max)
                {
                    var kept = items.Select(i => i.Metric).Distinct(StringComparer.Ordinal).Take(max).ToHashSet(StringComparer.Ordinal);
                    MetricsLog.ListTruncated(logger, endpoint, metric, max);
                    return new PrometheusList<PrometheusMetricMetadata>([.. items.Where(i => kept.Contains(i.Metric))], envelope.Warnings, true);
                }

                return new PrometheusList<PrometheusMetricMetadata>(items, envelope.Warnings, HasTruncationWarning(envelope.Warnings));
            },
            cancellationToken);
    }

    private List<KeyValuePair<string, string>> Listing(IReadOnlyList<string> matchers, DateTimeOffset? start, DateTimeOffset? end, int? limit)
    {
        var last = end ?? timeProvider.GetUtcNow();
        var first = start ?? last - DefaultListingWindow;
        var parameters = matchers.Select(m => new KeyValuePair<string, string>("match[]", m)).ToList();
        parameters.Add(new("start", FormatTime(first)));
        parameters.Add(new("end", FormatTime(last)));
        if (limit is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(limit));
            parameters.Add(new("limit", max.ToString(CultureInfo.InvariantCulture)));
        }

        return parameters;
    }

    private PrometheusList<T> Limit<T>(List<T> items, IReadOnlyList<string> warnings, int? limit, string endpoint, string query)
    {
        // Prometheus before 2.51 ignores `limit`; cutting here keeps the caller's memory bounded either way.
        if (limit is { } max && items.Count > max)
        {
            MetricsLog.ListTruncated(logger, endpoint, query, max);
            return new PrometheusList<T>(items.GetRange(0, max), warnings, true);
        }

        return new PrometheusList<T>(items, warnings, HasTruncationWarning(warnings));
    }

    private static bool HasTruncationWarning(IReadOnlyList<string> warnings) =>
        warnings.Any(w => w.Contains("truncated", StringComparison.OrdinalIgnoreCase));

    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string endpoint,
        List<KeyValuePair<string, string>> parameters,
        string? query,
        Func<PrometheusResponseParser.Envelope, T> read,
        CancellationToken cancellationToken)
    {
        try
        {
            using var request = CreateRequest(method, endpoint, parameters);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new PrometheusTimeoutException(
                    $"Prometheus at {_options.Url} did not answer {endpoint}{PrometheusResponseParser.ForQuery(query)} within {ex.Timeout.TotalSeconds:0.###} s ({_options.MaxRetries} retries).",
                    endpoint, query, ex.Timeout, ex);
            }
            catch (HttpRequestException ex)
            {
                throw new PrometheusUnavailableException(
                    $"Prometheus at {_options.Url} is unreachable ({endpoint}{PrometheusResponseParser.ForQuery(query)}, {_options.MaxRetries} retries): {ex.Message}",
                    endpoint, query, "unavailable", ex.StatusCode, ex);
            }

            using (response)
            {
                var body = await ReadBoundedAsync(response, endpoint, query, cancellationToken).ConfigureAwait(false);
                PrometheusResponseParser.Envelope envelope;
                try
                {
                    envelope = PrometheusResponseParser.Parse(body, response.StatusCode, endpoint, query);
                }
                catch (PrometheusProtocolException ex) when (!response.IsSuccessStatusCode)
                {
                    throw NonApiFailure(response.StatusCode, endpoint, query, ex);
                }

                using (envelope)
                {
                    if (envelope.Warnings.Count > 0)
                    {
                        MetricsLog.AnswerHasWarnings(logger, endpoint, query, envelope.Warnings.Count, envelope.Warnings[0]);
                    }

                    return read(envelope);
                }
            }
        }
        catch (PrometheusException ex)
        {
            KubeWiseTelemetry.PrometheusError(ex.ErrorType);
            MetricsLog.CallFailed(logger, endpoint, query, ex.ErrorType, ex.Message);
            throw;
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string endpoint, List<KeyValuePair<string, string>> parameters)
    {
        HttpRequestMessage request;
        if (method == HttpMethod.Post)
        {
            // POST keeps long PromQL and many matchers out of URL length limits.
            request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(parameters) };
        }
        else
        {
            var queryString = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
            request = new HttpRequestMessage(HttpMethod.Get, queryString.Length == 0 ? endpoint : $"{endpoint}?{queryString}");
        }

        request.Headers.Authorization = Authorization();
        return request;
    }

    private AuthenticationHeaderValue? Authorization()
    {
        if (!string.IsNullOrEmpty(_options.BearerTokenFile))
        {
            return new AuthenticationHeaderValue("Bearer", File.ReadAllText(_options.BearerTokenFile).Trim());
        }

        if (!string.IsNullOrEmpty(_options.BearerToken))
        {
            return new AuthenticationHeaderValue("Bearer", _options.BearerToken);
        }

        if (!string.IsNullOrEmpty(_options.Username))
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}"));
            return new AuthenticationHeaderValue("Basic", credentials);
        }

        return null;
    }

    private async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, string endpoint, string? query, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(endpoint, query, limit, response.Content.Headers.ContentLength.Value);
        }

        // The resilience timeout covers only the headers; the body gets the same budget again.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        throw TooLarge(endpoint, query, limit, null);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusTimeoutException(
                $"Prometheus at {_options.Url} did not finish sending {endpoint}{PrometheusResponseParser.ForQuery(query)} within {_options.TimeoutSeconds:0.###} s.",
                endpoint, query, TimeSpan.FromSeconds(_options.TimeoutSeconds), ex);
        }
        catch (IOException ex)
        {
            throw new PrometheusUnavailableException(
                $"Prometheus at {_options.Url} broke off the answer to {endpoint}{PrometheusResponseParser.ForQuery(query)}: {ex.Message}", endpoint, query, "unavailable", response.StatusCode, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private PrometheusResponseTooLargeException TooLarge(string endpoint, string? query, long limit, long? announced) =>
        new($"Prometheus's answer to {endpoint}{PrometheusResponseParser.ForQuery(query)} is larger than Prometheus:MaxResponseBytes ({limit} bytes{(announced is { } a ? $"; it announced {a}" : string.Empty)}). Narrow the query (fewer series, a larger step) or raise the limit.",
            endpoint, query, limit);

    private PrometheusException NonApiFailure(HttpStatusCode status, string endpoint, string? query, PrometheusProtocolException cause)
    {
        var code = (int)status;
        if (code >= 500)
        {
            return new PrometheusUnavailableException(
                $"Prometheus at {_options.Url} answered HTTP {code} to {endpoint}{PrometheusResponseParser.ForQuery(query)} after {_options.MaxRetries} retries.", endpoint, query, "unavailable", status, cause);
        }

        var hint = status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " Check Prometheus:BearerToken / Prometheus:Username and Password."
            : status == HttpStatusCode.NotFound ? " Check Prometheus:Url (it should be the server root, without /api/v1)." : string.Empty;
        return new PrometheusException(
            $"Prometheus at {_options.Url} answered HTTP {code} to {endpoint}{PrometheusResponseParser.ForQuery(query)}.{hint}", endpoint, query, "client_error", status, cause);
    }

    private string ServerTimeout()
    {
        // A little under the HTTP timeout, so Prometheus gives up first and says so (errorType "timeout") instead of being cut off.
        var milliseconds = Math.Max(1, (long)(_options.TimeoutSeconds * 900));
        return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    internal static string FormatTime(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000}.{Math.Abs(milliseconds % 1000):D3}");
    }

    private static string FormatSeconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
