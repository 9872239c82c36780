using System.Net;

namespace KubeWise.Core.Metrics;

/// <summary>
/// A Prometheus call that failed. <see cref="ErrorType"/> uses Prometheus's vocabulary
/// (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>, <c>canceled</c>, <c>internal</c>, <c>unavailable</c>, <c>not_found</c>)
/// plus the client's own <c>bad_response</c> and <c>too_large</c>.
/// </summary>
public class PrometheusException : Exception
{
    public PrometheusException(string message, string endpoint, string? query, string errorType, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Endpoint = endpoint;
        Query = query;
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    /// <summary>The API path called, e.g. <c>api/v1/query</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The PromQL query, or the series matchers / label name of a listing call.</summary>
    public string? Query { get; }

    public string ErrorType { get; }

    public HttpStatusCode? StatusCode { get; }
}

/// <summary>Prometheus answered <c>"status": "error"</c>: a bad query (400 <c>bad_data</c>), a failed evaluation (422 <c>execution</c>), or a server-side timeout.</summary>
public sealed class PrometheusQueryException(string message, string endpoint, string? query, string errorType, HttpStatusCode? statusCode)
    : PrometheusException(message, endpoint, query, errorType, statusCode);

/// <summary>Prometheus could not be reached or kept failing after the retries (connection refused, 5xx without an API answer).</summary>
public class PrometheusUnavailableException(string message, string endpoint, string? query, string errorType, HttpStatusCode? statusCode = null, Exception? innerException = null)
    : PrometheusException(message, endpoint, query, errorType, statusCode, innerException);

/// <summary>Every attempt ran past <see cref="PrometheusOptions.TimeoutSeconds"/>.</summary>
public sealed class PrometheusTimeoutException(string message, string endpoint, string? query, TimeSpan timeout, Exception? innerException = null)
    : PrometheusUnavailableException(message, endpoint, query, "timeout", null, innerException)
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>The answer was larger than <see cref="PrometheusOptions.MaxResponseBytes"/>; nothing of it was used.</summary>
public sealed class PrometheusResponseTooLargeException(string message, string endpoint, string? query, long limitBytes)
    : PrometheusException(message, endpoint, query, "too_large")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>The answer was not a Prometheus API envelope (not JSON, missing fields, unknown result type).</summary>
public sealed class PrometheusProtocolException(string message, string endpoint, string? query, HttpStatusCode? statusCode, Exception? innerException = null)
    : PrometheusException(message, endpoint, query, "bad_response", statusCode, innerException);
