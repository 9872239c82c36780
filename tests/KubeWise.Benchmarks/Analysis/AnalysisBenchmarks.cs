using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Rules;
using KubeWise.Core.Detection;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Benchmarks.Analysis;

/// <summary>
/// Our own cost per incident around the model call: building the request body (the whole catalog as schema),
/// reading the answer, and the rule runbook with the real catalog and policy. dotnet run -c Release --project tests/KubeWise.Benchmarks -- --filter '*AnalysisBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private IReadOnlyList<OperationSchema> _operations = [];

    private readonly GeminiOptions _options = new();
    private AnalysisRequest _request = null!;
    private GeminiAnswer _answer = null!;
    private RuleAnalyzer _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        var evidence = Enumerable.Range(0, 12)
            .Select(i => new AnomalyEvidence(DetectorIds.IsolationForest, $"feature_{i}", i * 1.5, i, 1.0 / (i + 1), $"feature {i} is high"))
            .ToArray();
        _request = new AnalysisRequest(
            new AnomalyInput("a-1", new EntityRef("pod", "shop", "checkout-7d9f8-x2k4q"), -0.42, DetectorIds.CrashLoopBackOff, evidence, DateTimeOffset.UnixEpoch),
            new EntityFacts(
                Labels: Enumerable.Range(0, 10).ToDictionary(i => $"label-{i}", i => $"value-{i}"),
                Owners: [new("replicaset", "shop", "checkout-7d9f8"), new("deployment", "shop", "checkout")],
                NodeName: "worker-2",
                DesiredReplicas: 3,
                Containers: [new("checkout", "250m", "500m", "256Mi", "512Mi")]));
        var text = JsonSerializer.Serialize(new
        {
            root_cause = "The checkout container crashes on start after the latest rollout.",
            severity = "HIGH",
            description = "Pods of checkout restart repeatedly.",
            confidence = 0.82,
            commands = new object[]
            {
                new { operation = "restart_deployment", name = "checkout", ns = "shop", rationale = "Clear state." },
                new { operation = "rollback_deployment", name = "checkout", ns = "shop", rationale = "Last good revision." },
            },
        });
        _answer = new GeminiAnswer(text, [], new TokenUsage(800, 150, 950), "gemini-3.8-flash");
        var policyOptions = Options.Create(new RemediationPolicyOptions());
        var screen = new CatalogPolicyScreen(new RemediationCatalog(), new RemediationPolicy(policyOptions, TimeProvider.System), policyOptions, TimeProvider.System);
        _operations = screen.Operations;
        var pod = new ObjectReference(KubernetesKinds.Pod, "shop", "checkout-7d9f8-x2k4q");
        var deployment = new ObjectFacts(new ObjectReference(KubernetesKinds.Deployment, "shop", "checkout"), "uid-d", 3) { Replicas = 3 };
        var replicaSet = new ObjectFacts(new ObjectReference(KubernetesKinds.ReplicaSet, "shop", "checkout-7d9f8"), "uid-rs", 1);
        _request = _request with
        {
            Live = new LiveFacts(
                new RemediationFacts { AnomalousEntity = pod, OwnerChain = [replicaSet, deployment], EntityNode = "worker-2", Namespaces = [new("shop")], Cluster = new(10, []) },
                [new ObjectFacts(pod, "uid-p", 1), replicaSet, deployment]),
        };
        _rules = new RuleAnalyzer(screen, Options.Create(new RuleAnalysisOptions()), NullLogger<RuleAnalyzer>.Instance);
    }

    [Benchmark]
    public string BuildAnalysisRequestBody() =>
        JsonSerializer.Serialize(AnalysisPrompt.Build(_request, _operations, _options), KubeWise.Core.Analysis.Gemini.Wire.GeminiJson.Options);

    [Benchmark]
    public AnalysisDraft ParseStructuredAnswer() => AnswerParser.ParseAnalysis(_answer);

    [Benchmark]
    public Task<AnalysisResult> RuleAnalyzer() => _rules.AnalyzeAsync(_request, CancellationToken.None);
}
