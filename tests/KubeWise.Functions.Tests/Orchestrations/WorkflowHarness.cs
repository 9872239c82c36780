using System.Text.Json;
using k8s.Models;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Durable;
using KubeWise.Testing.Events;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Tests.Orchestrations;

/// <summary>
/// The workflow for real: <see cref="RemediationOrchestrator"/> and every activity from the app's DI
/// (<c>AddKubeWiseCore</c> + <c>AddKubeWiseWorkflow</c>) in the in-process Durable host, against the loopback fake
/// Kubernetes API server, the fake Gemini server, a LiteDB event store and (for verification) a real Prometheus.
/// Waits come from configuration, so a run takes seconds.
/// </summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string Deployment = "web";

    private readonly string _directory;
    private readonly CancellationTokenSource _stopping = new();
    private Task _controller = Task.CompletedTask;

    private readonly IConfigurationRoot _configuration;
    private readonly bool _ownsKube;

    private WorkflowHarness(string directory, IConfigurationRoot configuration, FakeKubernetesApiServer kube, bool ownsKube, FakeGeminiServer gemini, DurableTaskTestHost host, ActivityJournal activities)
    {
        _directory = directory;
        _ownsKube = ownsKube;
        _configuration = configuration;
        Kube = kube;
        Gemini = gemini;
        Host = host;
        Activities = activities;
    }

    public FakeKubernetesApiServer Kube { get; }

    public FakeGeminiServer Gemini { get; }

    public DurableTaskTestHost Host { get; }

    /// <summary>Every activity the orchestrations ran, per instance: where a test waits to show that something did not happen.</summary>
    public ActivityJournal Activities { get; }

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public RemediationModeStore Modes => Services.GetRequiredService<RemediationModeStore>();

    /// <param name="cluster">
    /// Another harness's fake API server, for a second worker on the same cluster (with the same <c>Mongo:*</c>
    /// settings it shares the store too); that harness owns and stops it.
    /// </param>
    public static async Task<WorkflowHarness> StartAsync(Uri prometheus, string mode = "MANUAL", IDictionary<string, string?>? settings = null, FakeKubernetesApiServer? cluster = null)
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-flow-").FullName;
        var kube = cluster ?? await FakeKubernetesApiServer.StartAsync();
        var gemini = await FakeGeminiServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["Kubernetes:Source"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = kube.WriteKubeConfig(Path.Combine(directory, "kubeconfig")),
            ["LiteDb:FilePath"] = Path.Combine(directory, "events.db"),
            ["Prometheus:Url"] = prometheus.ToString(),
            ["Gemini:ApiKey"] = "test-key",
            ["Gemini:Endpoint"] = gemini.BaseAddress.ToString().TrimEnd('/'),
            ["Gemini:MaxRetries"] = "0",
            ["Remediation:Mode"] = mode,
            ["Remediation:Execution:MaxRetries"] = "0",
            ["Remediation:Execution:RetryBaseDelay"] = "00:00:00.050",
            ["Remediation:Workflow:ApprovalTimeout"] = "00:00:20",
            ["Remediation:Workflow:VerificationDelay"] = "00:00:01",
            ["Remediation:Workflow:PhaseInterval"] = "00:00:00.500",
            ["Remediation:Workflow:PausePollInterval"] = "00:00:00.300",
            ["Remediation:Workflow:ActivityMaxAttempts"] = "4",
            ["Remediation:Workflow:ActivityFirstRetryInterval"] = "00:00:00.100",
            ["Detection:MetricWindowSeconds"] = "120",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var activities = new ActivityJournal();
        var host = await DurableTestHost.StartAsync(
            tasks =>
            {
                tasks.AddOrchestrator<RemediationOrchestrator>();
                activities.AddActivities(tasks, WorkflowTasks.Activities.Select(a => a.Type));
            },
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                },
            });
        return new WorkflowHarness(directory, configuration, kube, cluster is null, gemini, host, activities);
    }

    /// <summary>Changes a setting while running, as an app-setting change does (options monitors see it).</summary>
    public void Configure(string key, string value)
    {
        _configuration[key] = value;
        _configuration.Reload();
    }

    /// <summary>The usual cluster: namespace shop, Deployment web (3 replicas) with its ReplicaSet and a pod on worker-1.</summary>
    public V1Deployment AddCluster(int replicas = 3)
    {
        Kube.Add(K8sObjects.Node("worker-1"));
        Kube.Add(K8sObjects.Node("worker-2"));
        var (deployment, _) = K8sFixtures.DeploymentWithPod(Kube, Namespace);
        if (deployment.Spec.Replicas != replicas)
        {
            deployment = Kube.Mutate<V1Deployment>(Namespace, Deployment, d => d.Spec.Replicas = replicas);
        }

        _controller = RunDeploymentControllerAsync(_stopping.Token);
        return deployment;
    }

    /// <summary>
    /// Plays the deployment controller the fake API server does not have: a spec change is observed and its pods
    /// become ready a moment later, so a rollout (e.g. a scale phase) finishes the way it would in a cluster.
    /// </summary>
    private async Task RunDeploymentControllerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(200, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var d = Kube.Find<V1Deployment>(Namespace, Deployment);
            if (d is not null && (d.Status.ObservedGeneration != d.Metadata.Generation || d.Status.UpdatedReplicas != d.Spec.Replicas || d.Status.Replicas != d.Spec.Replicas))
            {
                Kube.UpdateStatus<V1Deployment>(Namespace, Deployment, s =>
                {
                    s.Status.ObservedGeneration = s.Metadata.Generation;
                    s.Status.Replicas = s.Status.UpdatedReplicas = s.Status.ReadyReplicas = s.Status.AvailableReplicas = s.Spec.Replicas;
                });
            }
        }
    }

    /// <summary>Waits until the simulated deployment controller has rolled out the Deployment's latest spec.</summary>
    public async Task WaitForRolloutAsync(string deployment = Deployment)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Kube.Get<V1Deployment>(Namespace, deployment) is var d
            && (d.Status.ObservedGeneration != d.Metadata.Generation || d.Status.UpdatedReplicas != d.Spec.Replicas))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    /// <summary>Gemini's answer for the next analysis: root cause and the given commands (catalog operation and arguments).</summary>
    public void AnswerAnalysis(params object[] commands) => Gemini.Enqueue(GeminiAnalyses.CrashLoop(Deployment, commands));

    /// <summary>Records the incident's event on Deployment shop/web (as the timer does) and starts its orchestration.</summary>
    public Task<string> StartIncidentAsync(string detector = "CrashLoopBackOff") => StartIncidentAsync(detector, Deployment);

    /// <summary>A second Deployment <paramref name="name"/> in shop (3 replicas, settled) with its ReplicaSet and a pod on worker-2.</summary>
    public V1Deployment AddDeployment(string name)
    {
        var d = K8sObjects.Deployment(Namespace, name);
        d.Status.UpdatedReplicas = d.Spec.Replicas;
        var deployment = Kube.Add(d);
        var rs = Kube.Add(K8sObjects.ReplicaSet(deployment, 1, "nginx:1.27", "7c9e"));
        Kube.Add(K8sObjects.Pod(Namespace, $"{name}-7c9e-q1w2e", "worker-2", K8sObjects.Owner("apps/v1", "ReplicaSet", rs.Metadata.Name, rs.Metadata.Uid),
            new Dictionary<string, string> { ["app"] = name, ["pod-template-hash"] = "7c9e" }));
        return deployment;
    }

    /// <summary>Records an incident on Deployment shop/<paramref name="deployment"/> (as the timer does) and starts its orchestration.</summary>
    public async Task<string> StartIncidentAsync(string detector, string deployment)
    {
        var anomalyId = (await Events.CreateAsync(DetectedEvents.CrashLoopingDeployment(Namespace, deployment, detector))).Event.AnomalyId;
        var timings = Services.GetRequiredService<IOptions<RemediationWorkflowOptions>>().Value.ToTimings();
        return await Client.ScheduleNewOrchestrationInstanceAsync(nameof(RemediationOrchestrator),
            new RemediationInput(anomalyId, $"deployment/{Namespace}/{deployment}|{detector}", timings),
            new StartOrchestrationOptions($"remediation-test-{anomalyId}"));
    }

    /// <summary>Polls the incident's event until <paramref name="done"/> holds.</summary>
    public async Task<AnomalyEvent> WaitForEventAsync(string instanceId, Func<AnomalyEvent, bool> done, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var anomaly = await EventAsync(instanceId);
            if (done(anomaly))
            {
                return anomaly;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public async Task<RemediationStatus> WaitForStageAsync(string instanceId, RemediationStage stage, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            if (instance?.SerializedCustomStatus is { } json
                && JsonSerializer.Deserialize<RemediationStatus>(json, JsonOptions) is { } status && status.Stage == stage)
            {
                return status;
            }

            if (instance is { IsCompleted: true })
            {
                throw new InvalidOperationException($"{instanceId} ended {instance.RuntimeStatus} before reaching {stage}: {instance.SerializedOutput} {instance.FailureDetails}");
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public async Task<RemediationOutcome> WaitForOutcomeAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var done = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{instanceId} ended {done.RuntimeStatus}: {done.FailureDetails}");
        }

        return done.ReadOutputAs<RemediationOutcome>()!;
    }

    public Task ApproveAsync(string instanceId, RemediationStatus waiting, string by = "alice", params string[] commands) =>
        Client.RaiseEventAsync(instanceId, waiting.ApprovalEvent!, new ApprovalEvent(true, by, "go ahead", commands));

    public Task RejectAsync(string instanceId, RemediationStatus waiting, string by = "bob") =>
        Client.RaiseEventAsync(instanceId, waiting.ApprovalEvent!, new ApprovalEvent(false, by, "not now"));

    public async Task<AnomalyEvent> EventAsync(string instanceId)
    {
        var instance = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        var input = instance!.ReadInputAs<RemediationInput>()!;
        return (await Events.GetAsync(input.AnomalyId))!;
    }

    /// <summary>Real (not dry-run) writes to the Deployment web, as the fake API server recorded them.</summary>
    public IReadOnlyList<RecordedRequest> DeploymentWrites() =>
        [.. Kube.Writes.Where(r => r.Resource == "deployments" && r.Name == Deployment && !r.DryRun && r.StatusCode < 300)];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _controller;
        _stopping.Dispose();
        await Host.DisposeAsync();
        await Gemini.DisposeAsync();
        if (_ownsKube)
        {
            await Kube.DisposeAsync();
        }

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
