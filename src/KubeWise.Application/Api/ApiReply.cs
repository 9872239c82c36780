namespace KubeWise.Application.Api;

/// <summary>
/// What a handler answers, for any host to write: a status, a typed body (or an <see cref="ApiProblem"/>), its media type
/// and, for 202, where to look. Hosts map it with one function (<see cref="Http.HttpApi"/>); bodies are serialized with
/// <see cref="ApiJson.Options"/>, the options the OpenAPI document's schemas are exported with.
/// </summary>
public abstract class ApiReply
{
    private protected ApiReply(int status, object body, Type bodyType, string mediaType, string? location)
    {
        Status = status;
        Body = body;
        BodyType = bodyType;
        MediaType = mediaType;
        Location = location;
    }

    public int Status { get; }

    /// <summary>The record to serialize, an <see cref="ApiProblem"/>, or an <see cref="ApiContent"/> written as it is.</summary>
    public object Body { get; }

    /// <summary>The declared type of <see cref="Body"/>, the one its schema is documented for.</summary>
    public Type BodyType { get; }

    public string MediaType { get; }

    /// <summary>The <c>Location</c> header of a 202: where to poll for the outcome.</summary>
    public string? Location { get; }

    /// <summary>The error, when this is one.</summary>
    public ApiProblem? Problem => Body as ApiProblem;

    private protected static (object, Type, string) Of(ApiProblem problem) => (problem, typeof(ApiProblem), ApiProblem.ContentType);

    private protected static string MediaOf(object body) => body is ApiContent content ? content.MediaType : ApiJson.MediaType;
}

/// <summary>A reply whose success body is a <typeparamref name="T"/> (200, or 202 with a location), or a problem.</summary>
public sealed class ApiReply<T> : ApiReply
    where T : notnull
{
    private ApiReply(int status, object body, Type type, string mediaType, string? location)
        : base(status, body, type, mediaType, location)
    {
    }

    /// <summary>The success body; null for a problem.</summary>
    public T? Value => Body is T value ? value : default;

    public static ApiReply<T> Ok(T value) => new(200, value, typeof(T), MediaOf(value), null);

    public static ApiReply<T> Accepted(T value, string location) => new(202, value, typeof(T), MediaOf(value), location);

    public static implicit operator ApiReply<T>(T value) => Ok(value);

    public static implicit operator ApiReply<T>(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (body, type, media) = Of(problem);
        return new(problem.Status, body, type, media, null);
    }
}

/// <summary>A reply with a 200 body <typeparamref name="TDone"/>, a 202 body <typeparamref name="TAccepted"/>, or a problem.</summary>
public sealed class ApiReply<TDone, TAccepted> : ApiReply
    where TDone : notnull
    where TAccepted : notnull
{
    private ApiReply(int status, object body, Type type, string? location)
        : base(status, body, type, body is ApiProblem ? ApiProblem.ContentType : ApiJson.MediaType, location)
    {
    }

    public static ApiReply<TDone, TAccepted> Ok(TDone value) => new(200, value, typeof(TDone), null);

    public static ApiReply<TDone, TAccepted> Accepted(TAccepted value, string location) => new(202, value, typeof(TAccepted), location);

    public static implicit operator ApiReply<TDone, TAccepted>(TDone value) => Ok(value);

    public static implicit operator ApiReply<TDone, TAccepted>(ApiProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new(problem.Status, problem, typeof(ApiProblem), null);
    }
}

/// <summary>A body served as it is (the docs page, the OpenAPI document, the dashboard's files), with its media type.</summary>
public sealed record ApiContent(string Text, string MediaType)
{
    /// <summary>Response headers it is served with (e.g. the dashboard's <c>Content-Security-Policy</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
