using System.Security.Claims;

namespace KubeWise.Application.Api;

/// <summary>
/// An HTTP request as a handler sees it, whatever the host: the body (read within <see cref="ApiOptions.MaxBodyBytes"/>
/// by <see cref="JsonBody"/>), headers, query values and the identity the host established. Values arrive as the host
/// decoded them; every one that reaches the store goes through <see cref="SafeText"/>.
/// </summary>
public sealed class ApiRequest
{
    private readonly Func<string, string?> _header;
    private readonly Func<string, string?> _query;

    public ApiRequest(Func<string, string?> header, Func<string, string?> query, Stream? body = null, string? contentType = null, long? contentLength = null, ClaimsPrincipal? user = null)
    {
        _header = header ?? throw new ArgumentNullException(nameof(header));
        _query = query ?? throw new ArgumentNullException(nameof(query));
        Body = body ?? Stream.Null;
        ContentType = contentType;
        ContentLength = contentLength;
        User = user ?? new ClaimsPrincipal();
    }

    /// <summary>A request with no body, headers or query (e.g. for a handler called from code).</summary>
    public static ApiRequest Empty { get; } = new(_ => null, _ => null);

    public Stream Body { get; }

    public string? ContentType { get; }

    public long? ContentLength { get; }

    /// <summary>The identity the host attached (e.g. the Functions host's key id claim).</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>The first value of a header, or null.</summary>
    public string? Header(string name) => _header(name);

    /// <summary>The first value of a query parameter, or null.</summary>
    public string? Query(string name) => _query(name);
}
