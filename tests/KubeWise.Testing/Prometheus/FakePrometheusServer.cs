using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KubeWise.Testing.Prometheus;

/// <summary>One scripted answer of <see cref="FakePrometheusServer"/>.</summary>
/// <param name="StatusCode">HTTP status.</param>
/// <param name="Body">Body text (JSON for API answers).</param>
/// <param name="Delay">Wait before answering (a slow server).</param>
/// <param name="PaddingBytes">Extra bytes streamed inside the JSON (a huge answer) without holding them in memory.</param>
/// <param name="AnnounceLength">Send Content-Length (false: chunked, so the client only learns the size while reading).</param>
public sealed record FakeAnswer(int StatusCode, string Body, TimeSpan Delay = default, long PaddingBytes = 0, bool AnnounceLength = true)
{
    /// <summary>A success envelope around <paramref name="dataJson"/>, with optional warnings.</summary>
    public static FakeAnswer Success(string dataJson, params string[] warnings) =>
        new(200, Envelope("success", dataJson, null, null, warnings));

    /// <summary>An instant-vector answer with one series per (labels, value).</summary>
    public static FakeAnswer Vector(double time, params (Dictionary<string, string> Labels, string Value)[] series) =>
        Success($$"""{"resultType":"vector","result":[{{string.Join(',', series.Select(s => $$"""{"metric":{{JsonSerializer.Serialize(s.Labels)}},"value":[{{time.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"{{s.Value}}"]}"""))}}]}""");

    /// <summary>An error envelope the way Prometheus writes it (400 bad_data, 422 execution, 503 timeout/unavailable…).</summary>
    public static FakeAnswer Error(int statusCode, string errorType, string error) =>
        new(statusCode, Envelope("error", null, errorType, error, []));

    /// <summary>A valid vector answer of about <paramref name="bytes"/> bytes (long label values), streamed.</summary>
    public static FakeAnswer Huge(long bytes, bool announceLength) =>
        new(200, string.Empty, PaddingBytes: bytes, AnnounceLength: announceLength);

    private static string Envelope(string status, string? dataJson, string? errorType, string? error, string[] warnings)
    {
        var parts = new List<string> { $"\"status\":\"{status}\"" };
        if (dataJson is not null)
        {
            parts.Add($"\"data\":{dataJson}");
        }

        if (errorType is not null)
        {
            parts.Add($"\"errorType\":{JsonSerializer.Serialize(errorType)}");
            parts.Add($"\"error\":{JsonSerializer.Serialize(error)}");
        }

        if (warnings.Length > 0)
        {
            parts.Add($"\"warnings\":{JsonSerializer.Serialize(warnings)}");
        }

        return "{" + string.Join(',', parts) + "}";
    }
}

/// <summary>A request the fake received: method, path, form or query parameters, and the Authorization header.</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string[]> Parameters, string? Authorization)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var values) ? values[0] : null;
}

/// <summary>
/// A loopback server that speaks the Prometheus API envelope, for the answers a real Prometheus will not give on demand:
/// error envelopes, warnings, 503-then-success, slow and huge answers, <c>limit</c> on old servers.
/// Answers are taken in order from the queue, then <see cref="Fallback"/>.
/// </summary>
public sealed class FakePrometheusServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeAnswer> _answers = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private LoopbackHttpServer? _server;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("The fake has not started.");

    /// <summary>The answer once the queue is empty.</summary>
    public FakeAnswer Fallback { get; set; } = FakeAnswer.Error(500, "internal", "no scripted answer left");

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    /// <summary>Starts the fake; with <paramref name="certificate"/> it speaks https (a secured Prometheus).</summary>
    public static async Task<FakePrometheusServer> StartAsync(X509Certificate2? certificate = null)
    {
        var fake = new FakePrometheusServer();
        fake._server = await LoopbackHttpServer.StartAsync(fake.HandleAsync, certificate).ConfigureAwait(false);
        return fake;
    }

    public FakePrometheusServer Enqueue(params FakeAnswer[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        return this;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var parameters = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Request.Query)
        {
            parameters[key] = [.. value.Select(v => v ?? string.Empty)];
        }

        if (context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))
            {
                parameters[key] = [.. value.Select(v => v ?? string.Empty)];
            }
        }

        _requests.Enqueue(new FakeRequest(context.Request.Method, context.Request.Path, parameters, context.Request.Headers.Authorization.FirstOrDefault()));
        var answer = _answers.TryDequeue(out var next) ? next : Fallback;
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "application/json";
        if (answer.PaddingBytes > 0)
        {
            await WriteHugeAsync(context, answer).ConfigureAwait(false);
            return;
        }

        var body = Encoding.UTF8.GetBytes(answer.Body);
        if (answer.AnnounceLength)
        {
            context.Response.ContentLength = body.Length;
        }

        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteHugeAsync(HttpContext context, FakeAnswer answer)
    {
        var head = Encoding.UTF8.GetBytes("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","padding":" """);
        var tail = Encoding.UTF8.GetBytes("""  "},"value":[1717315200,"1"]}]}}""");
        if (answer.AnnounceLength)
        {
            context.Response.ContentLength = head.Length + answer.PaddingBytes + tail.Length;
        }

        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted).ConfigureAwait(false);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var left = answer.PaddingBytes; left > 0; left -= chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, left)), context.RequestAborted).ConfigureAwait(false);
            }

            await context.Response.Body.WriteAsync(tail, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client gave up reading: that is what the size bound is for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
