using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Functions.Tests.Notifications;

/// <summary>A loopback webhook (Kestrel, 127.0.0.1, free port) that fails its first N calls, can hang, and records every body.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonNode> _received = new();
    private readonly ConcurrentQueue<string> _noticeIds = new();
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int FailFirst { get; set; }

    public TimeSpan Delay { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<JsonNode> Received => [.. _received];

    /// <summary>The <c>X-KubeWise-Notice-Id</c> header of each notice received, in order.</summary>
    public IReadOnlyList<string> NoticeIds => [.. _noticeIds];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address + "/hooks/secret-token");
        return receiver;
    }

    public async Task<JsonNode> WaitForAsync(int count = 1, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (_received.Count < count)
        {
            await Task.Delay(50, cts.Token);
        }

        return Received[count - 1];
    }

    private async Task HandleAsync(HttpContext context)
    {
        var call = Interlocked.Increment(ref _calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (call <= FailFirst)
        {
            context.Response.StatusCode = 500;
            return;
        }

        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        _noticeIds.Enqueue(context.Request.Headers["X-KubeWise-Notice-Id"].ToString());
        _received.Enqueue(JsonNode.Parse(body)!);
        context.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
