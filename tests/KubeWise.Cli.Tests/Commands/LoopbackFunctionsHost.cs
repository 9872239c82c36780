using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Functions.Hosting;
using KubeWise.Functions.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// A loopback stand-in for the Functions host: Kestrel on 127.0.0.1 serving every HTTP function of the app at its real
/// route (from <see cref="OpenApiDocument.Endpoints"/>, i.e. the functions' own trigger attributes), refusing calls
/// without the function key as the host does (401), and invoking the real function classes from the app's DI with a
/// Durable client of the in-process test host, where <see cref="CliApprovalProbe"/> waits like the real workflow.
/// </summary>
internal sealed class LoopbackFunctionsHost : IAsyncDisposable
{
    public const string Key = "cli-test-key";
    private readonly WebApplication _app;
    private readonly string _directory;

    private LoopbackFunctionsHost(WebApplication app, DurableTaskTestHost durable, string directory)
    {
        _app = app;
        Durable = durable;
        _directory = directory;
    }

    public DurableTaskTestHost Durable { get; }

    public IServiceProvider Services => Durable.Services;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public string Url { get; private set; } = "";

    public static async Task<LoopbackFunctionsHost> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-cli-api-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(directory, "events.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(directory, "model.json"),
            ["Api:DecisionWait"] = "00:00:00",
            ["Api:KeyNames:carol"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
        }).Build();
        var durable = await DurableTaskTestHost.StartAsync(
            tasks => tasks.AddOrchestrator<CliApprovalProbe>(),
            new DurableTaskTestHostOptions
            {
                // The host's own default is a random port in 30000-40000 that it does not check; ask the OS for a free one.
                Port = FreePort(),
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddMvcCore();
                },
            });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var host = new LoopbackFunctionsHost(app, durable, directory);
        foreach (var endpoint in OpenApiDocument.Endpoints)
        {
            app.MapMethods("/" + Routes.HostPrefix + "/" + endpoint.Route, [.. endpoint.Methods.Select(m => m.ToUpperInvariant())], context => host.InvokeAsync(endpoint, context));
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Url = address;
        return host;
    }

    private async Task InvokeAsync(HttpEndpoint endpoint, HttpContext context)
    {
        if (!endpoint.Anonymous && context.Request.Headers["x-functions-key"] != Key && context.Request.Query["code"] != Key)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var method = typeof(OpenApiDocument).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Single(m => m.GetCustomAttribute<Microsoft.Azure.Functions.Worker.FunctionAttribute>()?.Name == endpoint.Name);
        using var scope = Services.CreateScope();
        var instance = ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => context.Request,
            var t when t == typeof(DurableTaskClient) => Durable.Client,
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

    /// <summary>An event in AwaitingApproval whose probe orchestration waits for <c>Approval-1</c>.</summary>
    public async Task<(AnomalyEvent Event, string InstanceId)> CreateWaitingEventAsync()
    {
        var id = AnomalyId.New();
        var instanceId = "cli-probe-" + Guid.NewGuid().ToString("N");
        var e = (await Events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = id,
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "web",
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.5,
        })).Event;
        e = await Events.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator",
            OrchestrationInstanceId = instanceId,
            Analysis = new AiAnalysis { RootCause = "web crashes on start", Severity = "HIGH" },
            SuggestedCommands = ["restart_deployment name=web ns=shop"],
        });
        e = await Events.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.AwaitingApproval, Actor = "orchestrator",
        });
        await Durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CliApprovalProbe), id, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Durable.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token))?.SerializedCustomStatus is null)
        {
            await Task.Delay(50, cts.Token);
        }

        return (e, instanceId);
    }

    public async Task<ApprovalEvent?> ReceivedAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var done = await Durable.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        return done.ReadOutputAs<ApprovalEvent>();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await Durable.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file.
        }
    }
}

/// <summary>Waits for <c>Approval-1</c> exactly as the remediation workflow does and returns what it received.</summary>
internal sealed class CliApprovalProbe : TaskOrchestrator<string, ApprovalEvent?>
{
    public override async Task<ApprovalEvent?> RunAsync(TaskOrchestrationContext context, string input)
    {
        var name = ApprovalEvent.NameFor(1);
        context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, 1, name, context.CurrentUtcDateTime.AddMinutes(5), "probe"));
        return await context.WaitForExternalEvent<ApprovalEvent>(name, TimeSpan.FromMinutes(2));
    }
}
