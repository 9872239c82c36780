using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Testing.Gemini;

/// <summary>
/// A loopback Gemini (Kestrel on 127.0.0.1, a free port) that serves scripted, real-shaped answers on
/// <c>/v1beta/models/{model}:generateContent</c> and <c>/v1beta/models/{model}</c> (and the Vertex AI
/// <c>/v1/projects/…/publishers/google/models/{model}</c> equivalents), and records every request
/// (method, URL, headers, body) so a test can assert exactly what the client sent.
/// </summary>
public sealed class FakeGeminiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeGeminiReply> _script = new();
    private readonly ConcurrentQueue<RecordedGeminiRequest> _requests = new();

    private FakeGeminiServer(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, a request without this <c>x-goog-api-key</c> gets the real API's 400 INVALID_ARGUMENT.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>
    /// When set, a Vertex AI request (<c>/v1/projects/…</c>, <c>/v1beta1/publishers/…</c>) whose <c>Authorization: Bearer</c>
    /// token this does not accept gets the real API's 401 UNAUTHENTICATED.
    /// </summary>
    public Func<string, bool>? AcceptBearer { get; set; }

    public IReadOnlyList<RecordedGeminiRequest> Requests => _requests.ToArray();

    public static async Task<FakeGeminiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeGeminiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Answers for the next requests, in order; when the script runs out, requests get a 500 saying so.</summary>
    public FakeGeminiServer Enqueue(params FakeGeminiReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        _requests.Enqueue(new RecordedGeminiRequest(
            request.Method,
            request.Path + request.QueryString,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
            DateTimeOffset.UtcNow));

        FakeGeminiReply reply;
        var path = request.Path.Value ?? string.Empty;
        if (!IsGeminiPath(path))
        {
            reply = FakeGeminiReply.Error(404, "NOT_FOUND", $"Path {path} is not served.");
        }
        else if (RequiredApiKey is not null && path.StartsWith("/v1beta/", StringComparison.Ordinal) && request.Headers["x-goog-api-key"].ToString() != RequiredApiKey)
        {
            reply = FakeGeminiReply.BadRequest("API key not valid. Please pass a valid API key.");
        }
        else if (AcceptBearer is not null && IsVertexPath(path) && !HasAcceptedBearer(request.Headers.Authorization.ToString()))
        {
            reply = FakeGeminiReply.Error(401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
        }
        else if (!_script.TryDequeue(out reply!))
        {
            reply = FakeGeminiReply.Error(500, "INTERNAL", "fake Gemini: no scripted reply left for this request");
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }

    // The Developer API (/v1beta/models/{model}) and Vertex AI
    // (/v1/projects/{project}/locations/{location}/publishers/google/models/{model}) shapes.
    private static bool IsGeminiPath(string path) => path.StartsWith("/v1beta/models/", StringComparison.Ordinal) || IsVertexPath(path);

    // Vertex AI's generateContent and its publishers.models.get (served on v1beta1).
    private static bool IsVertexPath(string path) =>
        (path.StartsWith("/v1/projects/", StringComparison.Ordinal) && path.Contains("/publishers/google/models/", StringComparison.Ordinal))
        || path.StartsWith("/v1beta1/publishers/google/models/", StringComparison.Ordinal);

    private bool HasAcceptedBearer(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.Ordinal) && AcceptBearer!(authorization["Bearer ".Length..]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
