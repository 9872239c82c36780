using System.Security.Cryptography;
using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Durable;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The API's function classes from the app's DI (Core + workflow + API), a LiteDB store, and the in-process Durable
/// host running <see cref="ApprovalProbe"/> where an event waits for a decision. Requests are plain
/// <see cref="DefaultHttpContext"/>s and answers are executed as the host would, so tests read status, headers and body.
/// </summary>
internal sealed class ApiHarness : IAsyncDisposable
{
    public const string AliceKey = "alice-function-key";
    private readonly string _directory;

    private ApiHarness(string directory, DurableTaskTestHost host)
    {
        _directory = directory;
        Host = host;
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public static async Task<ApiHarness> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-api-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(directory, "events.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(directory, "model.json"),
            ["Prometheus:Url"] = "http://127.0.0.1:9",
            ["Prometheus:MaxRetries"] = "0",
            ["Prometheus:TimeoutSeconds"] = "2",
            ["Api:DecisionWait"] = "00:00:00",
            ["Api:RemediateWait"] = "00:00:00.300",
            ["Api:KeyNames:alice"] = Sha256(AliceKey),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = await DurableTestHost.StartAsync(
            tasks => tasks.AddOrchestrator<ApprovalProbe>().AddKubeWiseTasks(),
            new DurableTaskTestHostOptions
            {
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
        return new ApiHarness(directory, host);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A function class as the worker's activator makes it.</summary>
    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>A stored event in <paramref name="status"/> (reached through the state machine's real moves).</summary>
    public async Task<AnomalyEvent> CreateEventAsync(AnomalyStatus status = AnomalyStatus.AwaitingApproval, string? instanceId = null)
    {
        var id = AnomalyId.New();
        var created = (await Events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = id,
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "web",
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.4,
        })).Event;
        var path = status switch
        {
            AnomalyStatus.Detected => [],
            AnomalyStatus.Analyzing => [AnomalyStatus.Analyzing],
            AnomalyStatus.AwaitingApproval => new[] { AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval },
            AnomalyStatus.Rejected => [AnomalyStatus.Analyzing, AnomalyStatus.AwaitingApproval, AnomalyStatus.Rejected],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        var current = created;
        foreach (var next in path)
        {
            current = await Events.ApplyAsync(new EventChange
            {
                AnomalyId = id,
                ExpectedStatus = current.Status,
                ExpectedVersion = current.Version,
                NewStatus = next,
                Actor = "test",
                OrchestrationInstanceId = next == AnomalyStatus.Analyzing ? instanceId : null,
                Analysis = next == AnomalyStatus.Analyzing ? new AiAnalysis { RootCause = "web crashes on start", Severity = "HIGH" } : null,
                SuggestedCommands = next == AnomalyStatus.Analyzing ? [Restart, Scale] : null,
                Decision = next == AnomalyStatus.Rejected ? new ApprovalDecision { Decision = ApprovalKind.Rejected, By = "test", At = DateTimeOffset.UtcNow } : null,
            });
        }

        return current;
    }

    public const string Restart = "restart_deployment name=web ns=shop";
    public const string Scale = "scale_deployment name=web ns=shop replicas=4";

    /// <summary>An event in AwaitingApproval with a probe orchestration waiting for <c>Approval-1</c>.</summary>
    public async Task<(AnomalyEvent Event, string InstanceId)> CreateWaitingEventAsync()
    {
        var instanceId = "probe-" + Guid.NewGuid().ToString("N");
        var anomaly = await CreateEventAsync(AnomalyStatus.AwaitingApproval, instanceId);
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalProbe), anomaly.AnomalyId, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token))?.SerializedCustomStatus is null)
        {
            await Task.Delay(50, cts.Token);
        }

        return (anomaly, instanceId);
    }

    /// <summary>What the probe received (null while it still waits after <paramref name="timeout"/>).</summary>
    public async Task<ApprovalEvent?> ReceivedAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            return done.ReadOutputAs<ApprovalEvent>();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public HttpRequest Request(string method, string? body = null, string? key = AliceKey, string? contentType = "application/json", IDictionary<string, string>? headers = null, string? query = null)
    {
        var all = new Dictionary<string, string>();
        if (key is not null)
        {
            all[CallerIdentity.FunctionKeyHeader] = key;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            all[name] = value;
        }

        return HostedFunction.Request(Services, method, body, contentType, all, query);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file for a moment.
        }
    }
}
