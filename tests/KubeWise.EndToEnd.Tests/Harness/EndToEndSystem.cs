using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Cli;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Notifications;
using KubeWise.Application.Orchestrations;
using KubeWise.Functions.Tests.Notifications;
using KubeWise.Application.Workflows;
using KubeWise.Core.Incidents;
using KubeWise.Functions.Triggers;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Durable;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Mongo;
using KubeWise.Testing.Prometheus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// The whole product on one machine, through production code paths only:
/// a real Prometheus (1 s scrapes) of a <see cref="ClusterSimulator"/> whose metrics follow the fake Kubernetes API
/// server's state; the app's DI exactly as Program.cs composes it (<c>AddKubeWiseCore</c>, <c>AddKubeWiseWorkflow</c>,
/// <c>AddKubeWiseApi</c>, <c>AddKubeWiseNotifications</c>) in the in-process Durable host running the real orchestrator
/// and activities; the real timer function, ticking like the host's timer; the real HTTP functions on loopback
/// (<see cref="FunctionsHttpServer"/>), so tests, curl and the <c>kubewise</c> CLI use the HTTP API; a loopback webhook;
/// the fake Gemini server; and the event store: LiteDB or MongoDB over the wire. Waits come from configuration, so a
/// whole incident takes seconds.
/// </summary>
internal sealed partial class EndToEndSystem : IAsyncDisposable
{
    public const string Key = "e2e-alice-function-key";
    public const string Caller = "key:alice";

    private readonly string _directory;
    private readonly List<string> _tickFailures = [];
    private readonly Lock _ticks = new();
    private CancellationTokenSource? _timer;
    private Task _timerLoop = Task.CompletedTask;

    private EndToEndSystem(string directory)
    {
        _directory = directory;
    }

    public PrometheusLiveFixture Prometheus { get; } = new();

    /// <summary>The app's log lines, for failure messages.</summary>
    public RecordingLoggerProvider Log { get; } = new();

    public FakeKubernetesApiServer Kube { get; private set; } = null!;

    public FakeGeminiServer Gemini { get; private set; } = null!;

    public WebhookReceiver Webhook { get; private set; } = null!;

    public ClusterSimulator Cluster { get; private set; } = null!;

    public DurableTaskTestHost Durable { get; private set; } = null!;

    public FunctionsHttpServer Http { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IServiceProvider Services => Durable.Services;

    public DurableTaskClient Client => Durable.Client;

    public string Url => Http.Url;

    /// <summary>Timer ticks that threw (as the Functions host would log them), with the exception's message.</summary>
    public IReadOnlyList<string> TickFailures
    {
        get
        {
            lock (_ticks)
            {
                return [.. _tickFailures];
            }
        }
    }

    public static async Task<EndToEndSystem> StartAsync(EndToEndOptions? options = null)
    {
        options ??= new EndToEndOptions();
        var system = new EndToEndSystem(Directory.CreateTempSubdirectory("kubewise-e2e-").FullName);
        try
        {
            await system.InitializeAsync(options);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync(EndToEndOptions options)
    {
        await Prometheus.InitializeAsync();
        Kube = await FakeKubernetesApiServer.StartAsync();
        Gemini = await FakeGeminiServer.StartAsync();
        Webhook = await WebhookReceiver.StartAsync();
        Cluster = ClusterSimulator.Start(Kube, Prometheus.Exporter);

        var values = new Dictionary<string, string?>
        {
            ["Kubernetes:Source"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = Kube.WriteKubeConfig(Path.Combine(_directory, "kubeconfig")),
            ["Prometheus:Url"] = Prometheus.Url.ToString(),
            // The live Prometheus scrapes every second; range queries step at the same pace.
            ["Prometheus:ScrapeIntervalSeconds"] = "1",
            ["ANOMALY_MODEL_PATH"] = Path.Combine(_directory, "model.json"),
            ["REMEDIATION_MODE"] = options.Mode,
            ["Worker:SleepIntervalSeconds"] = "1",
            ["Detection:MetricWindowSeconds"] = "120",
            ["Remediation:Execution:RetryBaseDelay"] = "00:00:00.050",
            ["Remediation:Workflow:ApprovalTimeout"] = "00:02:00",
            ["Remediation:Workflow:VerificationDelay"] = "00:00:04",
            ["Remediation:Workflow:PhaseInterval"] = "00:00:00.500",
            ["Remediation:Workflow:PausePollInterval"] = "00:00:00.300",
            ["Remediation:Workflow:ActivityMaxAttempts"] = "6",
            ["Remediation:Workflow:ActivityFirstRetryInterval"] = "00:00:00.200",
            ["Api:DecisionWait"] = "00:00:05",
            ["Api:KeyNames:alice"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
            ["Notifications:Webhooks:0:Url"] = Webhook.Url.ToString(),
            ["Notifications:Webhooks:0:Format"] = "Generic",
            ["Notifications:FirstRetryDelay"] = "00:00:00.100",
        };
        if (options.Gemini)
        {
            values["GEMINI_API_KEY"] = "e2e-gemini-key";
            values["Gemini:Endpoint"] = Gemini.BaseAddress.ToString().TrimEnd('/');
            values["Gemini:MaxRetries"] = "0";
            Gemini.RequiredApiKey = "e2e-gemini-key";
        }

        if (options.Store == StoreKind.MongoDb)
        {
            values["MONGODB_ATLAS_URI"] = options.MongoUrl ?? MongoTestServer.Url;
            values["Mongo:DatabaseName"] = MongoTestServer.NewDatabaseName("kw_e2e");
            values["Mongo:ServerSelectionTimeoutSeconds"] = "2";
            values["Mongo:OperationTimeoutSeconds"] = "5";
        }
        else
        {
            values["LiteDb:FilePath"] = Path.Combine(_directory, "events.db");
        }

        foreach (var (key, value) in options.Settings)
        {
            values[key] = value;
        }

        // The seed's names (REMEDIATION_MODE, GEMINI_API_KEY, MONGODB_ATLAS_URI…) map as in Program.cs.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        Durable = await DurableTestHost.StartAsync(
            tasks =>
            {
                tasks.AddKubeWiseTasks();
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging(logging => logging.AddProvider(Log));
                    services.AddSingleton<IConfiguration>(configuration);
                    // Program.cs's registrations, in its order.
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddKubeWiseNotifications(configuration);
                    services.AddMvcCore();
                },
            });
        Http = await FunctionsHttpServer.StartAsync(Services, Client, Key);
        Api = new HttpClient { BaseAddress = new Uri(Http.Url + "/api/v1/") };
        Api.DefaultRequestHeaders.Add("x-functions-key", Key);
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>One run of the timer function (<see cref="ScanTimerFunction"/>), as the host calls it on its schedule.</summary>
    public Task TickAsync(CancellationToken ct = default) =>
        ActivatorUtilities.CreateInstance<ScanTimerFunction>(Services).RunAsync(new TimerInfo(), Client, ct);

    /// <summary>Runs the timer function every <paramref name="period"/> until stopped; a failing tick is recorded and the next one runs, as in the host.</summary>
    public void StartTimer(TimeSpan? period = null)
    {
        _timer = new CancellationTokenSource();
        var token = _timer.Token;
        _timerLoop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period ?? TimeSpan.FromMilliseconds(1500));
            try
            {
                do
                {
                    try
                    {
                        await TickAsync(token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        lock (_ticks)
                        {
                            _tickFailures.Add($"{e.GetType().Name}: {e.Message}");
                        }
                    }
                }
                while (await timer.WaitForNextTickAsync(token));
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }, token);
    }

    public async Task StopTimerAsync()
    {
        if (_timer is null)
        {
            return;
        }

        await _timer.CancelAsync();
        await _timerLoop;
        _timer.Dispose();
        _timer = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopTimerAsync();
        Api?.Dispose();
        if (Http is not null)
        {
            await Http.DisposeAsync();
        }

        if (Durable is not null)
        {
            await Durable.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Webhook is not null)
        {
            await Webhook.DisposeAsync();
        }

        if (Gemini is not null)
        {
            await Gemini.DisposeAsync();
        }

        if (Kube is not null)
        {
            await Kube.DisposeAsync();
        }

        await Prometheus.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment; the OS cleans the temp folder.
        }
    }
}
