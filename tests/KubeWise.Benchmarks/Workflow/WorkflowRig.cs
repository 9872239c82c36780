using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Core.Events.Mongo;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Durable;
using KubeWise.Testing.Events;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Http;
using KubeWise.Testing.Kubernetes;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// The app in one process, as the Functions host would wire it: <c>AddKubeWiseCore</c> + <c>AddKubeWiseWorkflow</c> +
/// <c>AddKubeWiseApi</c>, the real <see cref="RemediationOrchestrator"/> and activities in the in-process Durable host,
/// the fake Kubernetes API server (Deployment shop/web with a pod), and either the fake Gemini server (answers at once)
/// or no Gemini key (the rule analyzer answers). The event store is LiteDB in a temp folder or the MongoDB in
/// <c>MONGO_URL</c> (a fresh database, dropped afterwards).
/// </summary>
internal sealed class WorkflowRig : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string Deployment = "web";

    private readonly string _directory;
    private readonly string? _mongoDatabase;

    private WorkflowRig(string directory, string? mongoDatabase, FakeKubernetesApiServer kube, FakeGeminiServer? gemini, DurableTaskTestHost host, HttpTimings timings)
    {
        _directory = directory;
        _mongoDatabase = mongoDatabase;
        Kube = kube;
        Gemini = gemini;
        Host = host;
        Timings = timings;
    }

    public FakeKubernetesApiServer Kube { get; }

    public FakeGeminiServer? Gemini { get; }

    public DurableTaskTestHost Host { get; }

    public HttpTimings Timings { get; }

    public IServiceProvider Services => Host.Services;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public static async Task<WorkflowRig> StartAsync(string store, bool useGemini)
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-latency-").FullName;
        var kube = await FakeKubernetesApiServer.StartAsync();
        kube.Add(K8sObjects.Node("worker-1"));
        kube.Add(K8sObjects.Node("worker-2"));
        K8sFixtures.DeploymentWithPod(kube, Namespace);
        var gemini = useGemini ? await FakeGeminiServer.StartAsync() : null;
        var values = new Dictionary<string, string?>
        {
            ["Kubernetes:Source"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = kube.WriteKubeConfig(Path.Combine(directory, "kubeconfig")),
            ["LiteDb:FilePath"] = Path.Combine(directory, "events.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(directory, "model.json"),
            ["Prometheus:Url"] = "http://127.0.0.1:9",
            ["Prometheus:MaxRetries"] = "0",
            ["Remediation:Mode"] = "MANUAL",
            ["Remediation:Workflow:ApprovalTimeout"] = "01:00:00",
            ["Api:DecisionWait"] = "00:00:00",
        };
        if (gemini is not null)
        {
            values["Gemini:ApiKey"] = "bench-key";
            values["Gemini:Endpoint"] = gemini.BaseAddress.ToString().TrimEnd('/');
            values["Gemini:MaxRetries"] = "0";
        }

        string? mongoDatabase = null;
        if (store == LatencyCommand.Mongo)
        {
            var url = Environment.GetEnvironmentVariable("MONGO_URL");
            if (string.IsNullOrWhiteSpace(url))
            {
                throw new InvalidOperationException("MONGO_URL is not set: `source tests/setup/20-mongo.sh` first.");
            }

            mongoDatabase = $"kw_latency_{Guid.NewGuid():N}";
            values["Mongo:ConnectionString"] = url;
            values["Mongo:DatabaseName"] = mongoDatabase;
        }

        // The Durable sidecar's web host logs every gRPC call to the console unless its configuration says otherwise.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var timings = new HttpTimings();
        var host = await DurableTestHost.StartAsync(
            tasks =>
            {
                tasks.AddKubeWiseTasks();
            },
            new DurableTaskTestHostOptions
            {
                LoggerFactory = NullLoggerFactory.Instance,
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(timings.CreateHandler));
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddMvcCore();
                },
            });
        return new WorkflowRig(directory, mongoDatabase, kube, gemini, host, timings);
    }

    /// <summary>What the timer does for a new incident: record the Detected event, then start its orchestration.</summary>
    public async Task<string> DetectAsync()
    {
        var detected = DetectedEvents.CrashLoopingDeployment(Namespace, Deployment);
        var anomalyId = detected.AnomalyId;
        var instanceId = $"remediation-bench-{anomalyId}";
        await Events.CreateAsync(detected with { OrchestrationInstanceId = instanceId });
        if (await Host.Client.GetInstanceAsync(instanceId) is null)
        {
            var timings = Services.GetRequiredService<IOptions<RemediationWorkflowOptions>>().Value.ToTimings();
            await Host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RemediationOrchestrator),
                new RemediationInput(anomalyId, $"deployment/{Namespace}/{Deployment}|CrashLoopBackOff", timings),
                new StartOrchestrationOptions(instanceId));
        }

        return anomalyId;
    }

    /// <summary>
    /// <c>GET /api/v1/remediation/events?status=AwaitingApproval</c> through the real function, its answer serialized
    /// as the host would; the anomaly ids listed.
    /// </summary>
    public async Task<HashSet<string>> ListAwaitingApprovalAsync(int limit = 50)
    {
        var request = HostedFunction.Request(Services, "GET", query: $"?status=AwaitingApproval&limit={limit}");
        var function = ActivatorUtilities.CreateInstance<EventsFunctions>(Services);
        var response = await HostedFunction.RunAsync(request, await function.ListAsync(request, CancellationToken.None));
        if (response.Status != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"GET events answered {response.Status}: {response.Text}");
        }

        return [.. response.Body["events"]!.AsArray().Select(e => (string)e!["anomaly_id"]!)];
    }

    /// <summary>Rejects the waiting fix so its orchestration ends, keeping the next measurement's host quiet.</summary>
    public async Task RejectAsync(string anomalyId)
    {
        var instanceId = $"remediation-bench-{anomalyId}";
        await Host.Client.RaiseEventAsync(instanceId, "Approval-1", new ApprovalEvent(false, "benchmark", "measured"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Host.Client.WaitForInstanceCompletionAsync(instanceId, cts.Token);
    }

    public void AnswerNextAnalysis() =>
        Gemini?.Enqueue(GeminiAnalyses.CrashLoop(Deployment, new { operation = "restart_deployment", name = Deployment, ns = Namespace, rationale = "Clear the crash loop." }));

    public async ValueTask DisposeAsync()
    {
        if (_mongoDatabase is not null)
        {
            var mongo = Services.GetRequiredService<MongoContext>();
            await mongo.Client.DropDatabaseAsync(_mongoDatabase);
        }

        await Host.DisposeAsync();
        if (Gemini is not null)
        {
            await Gemini.DisposeAsync();
        }

        await Kube.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
