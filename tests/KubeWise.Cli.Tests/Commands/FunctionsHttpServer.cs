using System.Reflection;
using KubeWise.Application.Api;
using KubeWise.Functions.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// The CLI tests' stand-in for the Functions host's HTTP front (the end-to-end tests drive <c>kubewise run</c> instead),
/// on loopback (the host itself cannot run here): every HTTP function of the app at its
/// real route (<c>/api/</c> + the route of its <see cref="ApiOperations"/> entry; the function with that name is found from
/// the functions' own attributes), the function key required
/// as the host requires it (401 without), and the real function classes made from the app's DI, with the Durable client
/// of the in-process host. So curl, the CLI and an HttpClient all talk to the production code over real HTTP.
/// </summary>
internal sealed class FunctionsHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IServiceProvider _services;
    private readonly DurableTaskClient _client;
    private readonly string _key;

    private FunctionsHttpServer(WebApplication app, IServiceProvider services, DurableTaskClient client, string key)
    {
        _app = app;
        _services = services;
        _client = client;
        _key = key;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    public static async Task<FunctionsHttpServer> StartAsync(IServiceProvider services, DurableTaskClient client, string key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FunctionsHttpServer(app, services, client, key);
        var methods = typeof(EventsFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.Ordinal);
        foreach (var operation in ApiOperations.All)
        {
            var method = methods[operation.Name];
            app.MapMethods(operation.Path, [operation.Method.ToUpperInvariant()], context => server.InvokeAsync(operation, method, context));
        }

        await app.StartAsync();
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private async Task InvokeAsync(ApiOperation endpoint, MethodInfo method, HttpContext context)
    {
        if (!endpoint.Anonymous && context.Request.Headers["x-functions-key"] != _key && context.Request.Query["code"] != _key)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var scope = _services.CreateScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => context.Request,
            var t when t == typeof(DurableTaskClient) => _client,
            var t when t == typeof(CancellationToken) => context.RequestAborted,
            _ => (object?)context.GetRouteValue(p.Name!)?.ToString(),
        }).ToArray();
        var result = method.Invoke(instance, arguments) switch
        {
            Task<IActionResult> task => await task,
            IActionResult r => r,
            var other => throw new InvalidOperationException($"{endpoint.Name} returned {other?.GetType()}"),
        };
        context.RequestServices = scope.ServiceProvider;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
