using System.Globalization;
using System.Net;
using k8s.Autorest;

namespace KubeWise.Core.Kubernetes;

/// <summary>A failed API request, carrying the server's <see cref="ApiStatus"/> and its Retry-After.</summary>
public sealed class KubernetesApiException : Exception
{
    public KubernetesApiException(ApiStatus status, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(status.ToString(), inner)
    {
        Status = status;
        RetryAfter = retryAfter;
    }

    public KubernetesApiException()
        : this(new ApiStatus(0, "", "", []))
    {
    }

    public KubernetesApiException(string message)
        : this(new ApiStatus(0, "", message, []))
    {
    }

    public KubernetesApiException(string message, Exception innerException)
        : this(new ApiStatus(0, "", message, []), null, innerException)
    {
    }

    public ApiStatus Status { get; }

    public TimeSpan? RetryAfter { get; }

    public int Code => Status.Code;

    public bool IsNotFound => Code == (int)HttpStatusCode.NotFound;

    public bool IsConflict => Code == (int)HttpStatusCode.Conflict;

    public bool IsTooManyRequests => Code == (int)HttpStatusCode.TooManyRequests;

    public bool IsServerError => Code >= 500;

    public static KubernetesApiException From(HttpOperationException e)
    {
        var code = (int)(e.Response?.StatusCode ?? 0);
        var status = ApiStatus.FromResponse(code, e.Response?.Content, e.Response?.ReasonPhrase);
        TimeSpan? retryAfter = null;
        var header = e.Response?.Headers?
            .FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (int.TryParse(header, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            retryAfter = TimeSpan.FromSeconds(seconds);
        }
        else if (status.RetryAfterSeconds is int fromBody)
        {
            retryAfter = TimeSpan.FromSeconds(fromBody);
        }

        return new KubernetesApiException(status, retryAfter, e);
    }
}
