using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeWise.Application.Workflows;
using KubeWise.Functions.Tests.Notifications;
using KubeWise.Run;
using KubeWise.Run.Scanning;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Mongo;
using KubeWise.Testing.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// The whole product on one machine, through production code paths only: <c>kubewise run</c> itself, built in this
/// process by <see cref="KubeWiseRunHost.Build(RunHostHooks)"/> (the entry point the CLI's <c>run</c> command uses),
/// so the scan loop, the Durable worker and client on the sidecar, the real orchestrator and activities, and the
/// <c>/api/v1</c> API on Kestrel (function keys from <c>Api:KeyNames</c>) are the ones users run. Around it: a real
/// Prometheus (1 s scrapes) of a <see cref="ClusterSimulator"/> whose metrics follow the fake Kubernetes API server's
/// state; a loopback webhook; the fake Gemini server; and the event store: LiteDB or MongoDB over the wire. Everything
/// reaches the host through its settings. The Durable backend is the sidecar's in-memory one (the kill-and-restart
/// tests of tests/KubeWise.Run.Tests cover Azurite). The scan loop starts paused: <see cref="StartTimer"/> resumes it
/// (<see cref="ScanControl"/>) once a test has set up its workload. Waits come from configuration, so a whole incident
/// takes seconds.
/// </summary>
internal sealed partial class EndToEndSystem : IAsyncDisposable
{
    public const string Key = "e2e-alice-function-key";
    public const string Caller = "key:alice";

    private readonly string _directory;

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

    /// <summary>The <c>kubewise run</c> host, started.</summary>
    public WebApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    /// <summary>The host's own Durable client (over its sidecar).</summary>
    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The API's base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; private set; } = "";

    /// <summary>Scan ticks that threw, as the scan loop logged them, with the exception's type and message.</summary>
    public IReadOnlyList<string> TickFailures => Log.TickFailures;

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

        // kubewise run's own settings: loopback only, a free port, the in-memory Durable backend, the scan loop on the
        // pace of the old test timer (the loop is paused until StartTimer).
        values["Run:Port"] = "0";
        values["Run:ListenAddress"] = "127.0.0.1";
        values["Run:Durable:Backend"] = "InMemory";
        values["ScanSchedule"] = "00:00:01.500";
        foreach (var (key, value) in options.Settings)
        {
            values[key] = value;
        }

        App = KubeWiseRunHost.Build(new RunHostHooks
        {
            Settings = values,
            ReadEnvironment = false,
            Logging = logging => logging.AddProvider(Log),
            ScanPaused = true,
        });
        await App.StartAsync();
        Url = KubeWiseRunHost.ApiUrl(App);
        Api = new HttpClient { BaseAddress = new Uri(Url + "/api/v1/") };
        Api.DefaultRequestHeaders.Add("x-functions-key", Key);
        Api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>One scan tick now: the <see cref="ScanWorkflow"/> tick the scan loop runs on its schedule; a failure is thrown.</summary>
    public async Task TickAsync(CancellationToken ct = default) =>
        await Services.GetRequiredService<ScanWorkflow>().TickAsync(Client, ct);

    /// <summary>
    /// Resumes the host's scan loop: a tick at once, then one every <paramref name="period"/> (default 1.5 s) until
    /// stopped; a failing tick is logged (<see cref="TickFailures"/>) and the next one runs.
    /// </summary>
    public void StartTimer(TimeSpan? period = null) =>
        Services.GetRequiredService<ScanControl>().Resume(period ?? TimeSpan.FromMilliseconds(1500));

    /// <summary>Pauses the scan loop; returns once a tick in progress has finished.</summary>
    public async Task StopTimerAsync()
    {
        if (App is not null)
        {
            await Services.GetRequiredService<ScanControl>().PauseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (App is not null)
        {
            await StopTimerAsync();
            await App.StopAsync();
            await App.DisposeAsync();
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
