using System.Text.RegularExpressions;
using KubeWise.Application.Api;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Explain;
using KubeWise.Core.Incidents;
using KubeWise.Core.Scanning;
using KubeWise.Functions.Api;
using KubeWise.Functions.Tests.Api;
using KubeWise.Application.Workflows;
using KubeWise.Functions.Triggers;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Investigation;

/// <summary>
/// Gemini is asked the same thing about the same anomaly whether <c>kubewise scan --explain</c> asks (straight from the
/// scan) or the workflow does (from the event the timer stored, read back from the store): the HTTP bodies are equal
/// byte for byte. The workflow's side is the analyze API, which reads facts and input exactly as the analysis activity does.
/// </summary>
public sealed partial class SamePromptTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 20, 15, 30, TimeSpan.Zero);
    private static readonly EntityKey Web = new(EntityType.Deployment, "shop", "web");
    private readonly string _directory = Directory.CreateTempSubdirectory("kw-same-prompt-").FullName;
    private FakeKubernetesApiServer _kube = null!;
    private FakeGeminiServer _gemini = null!;
    private ApiHarness _h = null!;

    public async Task InitializeAsync()
    {
        _kube = await FakeKubernetesApiServer.StartAsync();
        _gemini = await FakeGeminiServer.StartAsync();
        K8sFixtures.DeploymentWithPod(_kube);
        _h = await ApiHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Kubernetes:Source"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = _kube.WriteKubeConfig(Path.Combine(_directory, "kubeconfig")),
            ["Gemini:ApiKey"] = "test-key",
            ["Gemini:Endpoint"] = _gemini.BaseAddress.ToString().TrimEnd('/'),
            ["Gemini:MaxRetries"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _gemini.DisposeAsync();
        await _kube.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<string> Findings => [DetectorIds.IsolationForest, DetectorIds.CrashLoopBackOff];

    [Theory]
    [MemberData(nameof(Findings))]
    public async Task Prompt_ExplainAndStoredEvent_ByteIdentical(string detector)
    {
        var anomaly = Finding(detector);
        _gemini.Enqueue(Answer(), Answer());

        await _h.Services.GetRequiredService<ExplainPipeline>().ExplainAsync(
            new ScanReport { At = At, Window = TimeSpan.FromMinutes(10), Anomalies = [anomaly], Entities = [Web] }, new ExplainSettings(), CancellationToken.None);
        var explained = Assert.Single(_gemini.Requests).Body;
        var anomalyId = AnomalyIdIn().Match(explained).Groups["id"].Value;
        await StoreAsTheTimerDoesAsync(anomaly, anomalyId);
        var request = _h.Request("POST");
        var answer = await HostedFunction.RunAsync(request, await _h.Function<AnalyzeFunction>().AnalyzeAsync(request, anomalyId, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Equal("gemini", answer.Body["analyzer"]!["name"]!.GetValue<string>());
        Assert.Equal(explained, _gemini.Requests[1].Body);
        Assert.Matches($"source.{{1,16}}?{detector}", explained);
    }

    private async Task StoreAsTheTimerDoesAsync(Anomaly anomaly, string anomalyId)
    {
        var key = IncidentKey.Of(anomaly.Entity, IncidentFamily.Of(anomaly.Detector));
        var entry = new IncidentEntry { Key = key, Entity = anomaly.Entity, Kind = IncidentFamily.Of(anomaly.Detector), OpenedAt = At, InstanceId = "remediation-test", AnomalyId = anomalyId };
        await _h.Events.CreateAsync(ScanWorkflow.ToEvent(entry, anomaly));
    }

    private static Anomaly Finding(string detector) => detector == DetectorIds.IsolationForest
        ? new Anomaly(Web, detector, -0.184321, AnomalySeverity.Warning,
        [
            new Evidence("memory_working_set_bytes.slope", "memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)", 210_000.5, 0.1, 18.3, 0.62),
            new Evidence("cpu_usage.mean", "cpu_usage.mean = 0.91 (baseline 0.2, deviation +4.5)", 0.91, 0.2, 4.5, 0.38),
        ], At)
        : new Anomaly(Web, detector, -0.9, AnomalySeverity.Critical,
            [new Evidence("kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"}", "1 container(s) waiting in CrashLoopBackOff (threshold: at least 1)", 1, 1, null, 1)], At);

    private static FakeGeminiReply Answer() => FakeGeminiReply.Json(new
    {
        root_cause = "The web container crashes on start.",
        severity = "HIGH",
        description = "Pods of web restart repeatedly.",
        confidence = 0.8,
        commands = Array.Empty<object>(),
    });

    [GeneratedRegex("anomaly_id.{1,16}?(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")]
    private static partial Regex AnomalyIdIn();
}
