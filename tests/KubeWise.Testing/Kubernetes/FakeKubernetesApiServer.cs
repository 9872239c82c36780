using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Testing.Kubernetes;

/// <summary>
/// A stateful Kubernetes API server on loopback that speaks the real wire protocol (paths, verbs, patch content types,
/// <c>dryRun=All</c>, <c>Status</c> errors), so an unmodified <see cref="k8s.Kubernetes"/> client works against it.
/// It records every request and lets tests inject faults. It is an API server only: no controllers run.
/// </summary>
public sealed partial class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeClusterState _state;
    private readonly Lock _log = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<FaultRule> _faults = [];
    private readonly List<(Func<RecordedRequest, bool> Match, Action Action)> _interceptors = [];

    private FakeKubernetesApiServer(WebApplication app, FakeClusterState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_log)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>The write requests (anything but get/list/watch) received so far.</summary>
    public IReadOnlyList<RecordedRequest> Writes => Requests.Where(r => r.Verb is not ("get" or "list" or "watch")).ToList();

    public static async Task<FakeKubernetesApiServer> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var state = new FakeClusterState(time ?? TimeProvider.System);
        FakeKubernetesApiServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeKubernetesApiServer(app, state, new Uri(address));
        return server;
    }

    /// <summary>A client configured the way a user's kubeconfig would point at a server.</summary>
    public k8s.Kubernetes CreateClient() => new(CreateConfiguration());

    public KubernetesClientConfiguration CreateConfiguration() => new() { Host = BaseAddress.ToString() };

    /// <summary>Seeds an object (not recorded as a request). uid, resourceVersion and generation are assigned.</summary>
    public T Add<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var type = TypeOf<T>();
        var created = _state.Create(type, item.Metadata?.NamespaceProperty, ToJson(item), dryRun: false);
        return FromJson<T>(created);
    }

    public T? Find<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return FromJson<T>(_state.Get(TypeOf<T>(), ns, name));
        }
        catch (FakeApiException e) when (e.Code == 404)
        {
            return null;
        }
    }

    public T Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Find<T>(ns, name) ?? throw new InvalidOperationException($"{typeof(T).Name} {ns}/{name} does not exist in the fake.");

    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        _state.List(TypeOf<T>(), ns, _ => true).Select(FromJson<T>).ToList();

    /// <summary>A write by someone else (a user, a controller): spec changes bump metadata.generation.</summary>
    public T Mutate<T>(string? ns, string name, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var type = TypeOf<T>();
        var updated = _state.Update(type, ns, name, current =>
        {
            var typed = FromJson<T>(current);
            change(typed);
            var json = ToJson(typed);
            json["status"] = current["status"]?.DeepClone();
            return json;
        }, dryRun: false);
        return FromJson<T>(updated);
    }

    /// <summary>A status-only write (what controllers and kubelets do every few seconds): only resourceVersion changes in metadata.</summary>
    public T UpdateStatus<T>(string? ns, string name, Action<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var updated = _state.UpdateStatus(TypeOf<T>(), ns, name, current =>
        {
            var typed = FromJson<T>(current);
            change(typed);
            return ToJson(typed);
        }, dryRun: false);
        return FromJson<T>(updated);
    }

    /// <summary>When set, deleted and evicted pods stay terminating (with a deletionTimestamp) until <see cref="FinishTerminating"/>.</summary>
    public bool GracefulPodDeletion
    {
        get => _state.GracefulPodDeletion;
        set => _state.GracefulPodDeletion = value;
    }

    /// <summary>Removes the terminating pods, as kubelets do once containers stopped. Returns how many went.</summary>
    public int FinishTerminating() => _state.FinishTerminating();

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="match"/> answer <paramref name="statusCode"/> as a <c>Status</c>.</summary>
    public FaultRule FailNext(int count, Func<RecordedRequest, bool> match, int statusCode, int? retryAfterSeconds = null,
        FaultTiming timing = FaultTiming.BeforeHandling)
    {
        var rule = new FaultRule(match, count, statusCode, retryAfterSeconds, timing);
        lock (_log)
        {
            _faults.Add(rule);
        }

        return rule;
    }

    /// <summary>
    /// Runs <paramref name="action"/> once, just before the first request matching <paramref name="match"/> is handled:
    /// the way to make "someone else" write between KubeWise's read and its write (a real stale resourceVersion).
    /// </summary>
    public void BeforeNext(Func<RecordedRequest, bool> match, Action action)
    {
        lock (_log)
        {
            _interceptors.Add((match, action));
        }
    }

    public void ClearRequests()
    {
        lock (_log)
        {
            _requests.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal static FakeResourceType TypeOf<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} is not a Kubernetes model.");
        var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
        return FakeResourceType.ForApiVersionKind(apiVersion, entity.Kind);
    }

    internal static JsonObject ToJson<T>(T item) => JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();

    internal static T FromJson<T>(JsonObject json) => KubernetesJson.Deserialize<T>(json.ToJsonString());

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        FakeRoute route;
        try
        {
            route = FakeRoute.Parse(request.Method, request.Path.Value ?? "/", request.Query);
        }
        catch (FakeApiException e)
        {
            await WriteAsync(context.Response, e.Code, e.ToStatus(), e.RetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        var recorded = new RecordedRequest(route.Verb, route.Group, route.Resource, route.Subresource, route.Namespace, route.Name,
            route.DryRun, request.Method == "PATCH" ? request.ContentType : null, body.Length == 0 ? null : body,
            request.QueryString.Value ?? "");
        FaultRule? fault;
        Action? intercept = null;
        lock (_log)
        {
            _requests.Add(recorded);
            fault = _faults.FirstOrDefault(f => f.Remaining > 0 && f.Match(recorded));
            if (fault is not null)
            {
                fault.Remaining--;
            }

            var interceptor = _interceptors.FirstOrDefault(i => i.Match(recorded));
            if (interceptor.Action is not null)
            {
                _interceptors.Remove(interceptor);
                intercept = interceptor.Action;
            }
        }

        intercept?.Invoke();

        int code;
        JsonObject response;
        int? retryAfter = null;
        try
        {
            if (fault is { Timing: FaultTiming.BeforeHandling })
            {
                throw Injected(fault);
            }

            (code, response) = new FakeRequestHandler(_state, route, request.ContentType, body).Handle();
            if (fault is { Timing: FaultTiming.AfterHandling })
            {
                throw Injected(fault);
            }
        }
        catch (FakeApiException e)
        {
            (code, response, retryAfter) = (e.Code, e.ToStatus(), e.RetryAfterSeconds);
        }

        recorded.StatusCode = code;
        await WriteAsync(context.Response, code, response, retryAfter).ConfigureAwait(false);
    }

    private static FakeApiException Injected(FaultRule fault) => fault.StatusCode switch
    {
        429 => new(429, "TooManyRequests", "Too many requests, please try again later.", fault.RetryAfterSeconds ?? 1),
        500 => new(500, "InternalError", "Internal error occurred: injected by the fake API server", fault.RetryAfterSeconds),
        503 => new(503, "ServiceUnavailable", "The server is currently unable to handle the request", fault.RetryAfterSeconds),
        504 => new(504, "Timeout", "Timeout: request did not complete within the allotted timeout", fault.RetryAfterSeconds),
        409 => new(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"),
        403 => new(403, "Forbidden", "forbidden: injected by the fake API server"),
        _ => new(fault.StatusCode, "InternalError", $"injected status {fault.StatusCode}", fault.RetryAfterSeconds),
    };

    private static Task WriteAsync(HttpResponse response, int code, JsonObject body, int? retryAfterSeconds)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        if (retryAfterSeconds is int seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(body.ToJsonString());
    }
}
