using System.Collections.Concurrent;
using System.Text;
using KubeWise.Testing.Gemini;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Testing.OpenAi;

/// <summary>
/// A loopback OpenAI-compatible server (Kestrel on 127.0.0.1, a free port) serving <c>POST /v1/chat/completions</c>
/// (Ollama, vLLM, LM Studio) and <c>POST /openai/v1/chat/completions</c> (Azure OpenAI's v1 path) with scripted,
/// real-shaped answers, recording every request's exact bytes so a test can compare them with what KubeWise stored.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeOpenAiReply> _script = new();
    private readonly ConcurrentQueue<RecordedGeminiRequest> _requests = new();

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>Base URL without a path, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The value of <c>Llm:Endpoint</c> for an Ollama-style server: <c>{BaseAddress}/v1</c>.</summary>
    public string V1 => BaseAddress.ToString().TrimEnd('/') + "/v1";

    /// <summary>The value of <c>Llm:Endpoint</c> for Azure OpenAI's v1 API: <c>{BaseAddress}/openai/v1</c>.</summary>
    public string AzureV1 => BaseAddress.ToString().TrimEnd('/') + "/openai/v1";

    /// <summary>When set, <c>/v1</c> requests need <c>Authorization: Bearer</c> this key, and <c>/openai/v1</c> requests need <c>api-key</c> this key; else 401.</summary>
    public string? RequiredKey { get; set; }

    /// <summary>When set, answers every request (after the script is empty) from what it received.</summary>
    public Func<RecordedGeminiRequest, FakeOpenAiReply>? Responder { get; set; }

    public IReadOnlyList<RecordedGeminiRequest> Requests => _requests.ToArray();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Answers for the next requests, in order; when the script runs out (and no responder is set), a 500 says so.</summary>
    public FakeOpenAiServer Enqueue(params FakeOpenAiReply[] replies)
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

        var recorded = new RecordedGeminiRequest(
            request.Method,
            request.Path + request.QueryString,
            request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body,
            DateTimeOffset.UtcNow);
        _requests.Enqueue(recorded);

        var path = request.Path.Value ?? string.Empty;
        var azure = path == "/openai/v1/chat/completions";
        FakeOpenAiReply? reply;
        if (request.Method == "GET" && path is "/v1/models" or "/openai/v1/models")
        {
            reply = new FakeOpenAiReply(200, $$"""{"object":"list","data":[{"id":"{{FakeOpenAiReply.Model}}","object":"model","created":1764140400,"owned_by":"library"}]}""");
        }
        else if (request.Method != "POST" || (path != "/v1/chat/completions" && !azure))
        {
            reply = FakeOpenAiReply.Error(404, $"{request.Method} {path} is not served.", "not_found");
        }
        else if (RequiredKey is not null && (azure ? request.Headers["api-key"].ToString() != RequiredKey : request.Headers.Authorization.ToString() != $"Bearer {RequiredKey}"))
        {
            reply = FakeOpenAiReply.Error(401, "Incorrect API key provided.", "invalid_api_key");
        }
        else if (!_script.TryDequeue(out reply))
        {
            reply = Responder?.Invoke(recorded) ?? FakeOpenAiReply.Error(500, "fake OpenAI server: no scripted reply left for this request", "server_error");
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
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
