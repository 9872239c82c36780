using System.Text.Json.Nodes;
using KubeWise.Testing.Cluster;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Run.Tests.Durability;

/// <summary>
/// A crash-looping Deployment <c>shop/checkout</c> in the fake Kubernetes API server, scraped every second by a real
/// Prometheus, and a <c>kubewise run</c> process watching it with the embedded defaults (LiteDB, MANUAL, the rule
/// analyzer, Azurite) and the short workflow timings of the end-to-end tests. With <c>gemini</c>, the fake Gemini
/// server answers the analysis instead of the rule analyzer (verification stays with the rule verifier).
/// </summary>
internal sealed class CrashLoopWorld : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kw-durable-").FullName;

    private CrashLoopWorld()
    {
    }

    public PrometheusLiveFixture Prometheus { get; } = new();

    public FakeKubernetesApiServer Kube { get; private set; } = null!;

    public ClusterSimulator Cluster { get; private set; } = null!;

    public CrashLoopingDeployment Checkout { get; private set; } = null!;

    public RunProcess Run { get; private set; } = null!;

    /// <summary>The fake Gemini server, when started with <c>gemini: true</c>.</summary>
    public FakeGeminiServer? Gemini { get; private set; }

    /// <param name="settings">Environment variables that replace the defaults below.</param>
    /// <param name="gemini">Whether the analysis comes from the fake Gemini server (its replies enqueued by the test).</param>
    public static async Task<CrashLoopWorld> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool gemini = false)
    {
        var world = new CrashLoopWorld();
        try
        {
            await world.InitializeAsync(settings ?? new Dictionary<string, string>(), gemini);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The approval the tests send: the restart only, as a person would after reading the rule analyzer's plan.</summary>
    public static JsonObject ApproveRestart() => new()
    {
        ["comment"] = "Restart only.",
        ["commands"] = new JsonArray("restart_deployment name=checkout ns=shop"),
    };

    /// <summary>Writes to the Deployment that changed it (not dry-runs, not refused).</summary>
    public IReadOnlyList<RecordedRequest> CheckoutChanges() =>
        [.. Kube.Writes.Where(r => r.Resource == "deployments" && r.Namespace == "shop" && r.Name == "checkout" && !r.DryRun && r.StatusCode is >= 200 and < 300)];

    public static string[] StatusTrail(JsonNode anomaly) =>
        [.. anomaly["audit_trail"]!.AsArray().Select(a => a!["to_status"]?.GetValue<string>()).OfType<string>()];

    public async ValueTask DisposeAsync()
    {
        if (Run is not null)
        {
            await Run.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
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
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Azurite or LiteDB may hold a file a moment longer; the OS cleans temp folders.
        }
    }

    private async Task InitializeAsync(IReadOnlyDictionary<string, string> settings, bool gemini)
    {
        await Prometheus.InitializeAsync();
        Kube = await FakeKubernetesApiServer.StartAsync();
        Cluster = ClusterSimulator.Start(Kube, Prometheus.Exporter);
        Checkout = Cluster.AddCrashLooping("shop", "checkout");
        Checkout.FixConfig();
        await Prometheus.WaitForScrapesAsync();
        var environment = new Dictionary<string, string>
        {
            ["Kubernetes__Source"] = "KubeConfig",
            ["Kubernetes__KubeConfigPath"] = Kube.WriteKubeConfig(Path.Combine(_folder, "kubeconfig")),
            ["PROMETHEUS_URL"] = Prometheus.Url.ToString(),
            ["Prometheus__ScrapeIntervalSeconds"] = "1",
            ["REMEDIATION_MODE"] = "MANUAL",
            ["GEMINI_API_KEY"] = string.Empty,
            ["MONGODB_ATLAS_URI"] = string.Empty,
            ["Worker__SleepIntervalSeconds"] = "1",
            ["ScanSchedule"] = "*/1 * * * * *",
            ["Detection__MetricWindowSeconds"] = "120",
            ["Remediation__Execution__RetryBaseDelay"] = "00:00:00.050",
            ["Remediation__Workflow__ApprovalTimeout"] = "00:10:00",
            ["Remediation__Workflow__VerificationDelay"] = "00:00:04",
            ["Remediation__Workflow__PhaseInterval"] = "00:00:00.500",
            ["Remediation__Workflow__PausePollInterval"] = "00:00:00.300",
            ["Remediation__Workflow__ActivityMaxAttempts"] = "6",
            ["Remediation__Workflow__ActivityFirstRetryInterval"] = "00:00:00.200",
            ["Api__DecisionWait"] = "00:00:05",
            // A message taken by the killed process becomes visible again after this; the partition lease also
            // has to pass to the new process (about 30 s at most), which the waits below allow for.
            ["Run__Durable__QueueVisibilityTimeout"] = "00:00:10",
            ["Run__Durable__MaxQueuePollingInterval"] = "00:00:00.500",
            ["Logging__LogLevel__Default"] = "Information",
        };
        if (gemini)
        {
            Gemini = await FakeGeminiServer.StartAsync();
            Gemini.RequiredApiKey = "durable-gemini-key";
            environment["GEMINI_API_KEY"] = Gemini.RequiredApiKey;
            environment["Gemini__Endpoint"] = Gemini.BaseAddress.ToString().TrimEnd('/');
            environment["Gemini__MaxRetries"] = "0";
            environment["GEMINI_AUTO_VERIFICATION"] = "false";
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        Run = new RunProcess(Path.Combine(_folder, "data"), environment);
    }
}
