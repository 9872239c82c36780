using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Rules;
using KubeWise.Core.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>The deterministic runbook per detector type and per dominant forest feature, after screening.</summary>
public class RuleAnalyzerTests
{
    private static readonly EntityRef Pod = new("pod", "shop", "checkout-7d9f8-x2k4q");
    private static readonly EntityRef Node = new("node", string.Empty, "worker-2");

    private static Task<AnalysisResult> Analyze(AnalysisRequest request) =>
        new RuleAnalyzer(Screens.Production(), Options.Create(new RuleAnalysisOptions()), NullLogger<RuleAnalyzer>.Instance)
            .AnalyzeAsync(request, CancellationToken.None);

    public static TheoryData<string, string, Severity, string[]> DetectorRunbook() => new()
    {
        { DetectorIds.CrashLoopBackOff, "pod", Severity.High, ["restart_deployment name=checkout ns=shop", "rollback_deployment name=checkout ns=shop"] },
        { DetectorIds.OomKilled, "pod", Severity.High, ["set_resources name=checkout ns=shop container=checkout memory_limit=640Mi", "restart_deployment name=checkout ns=shop"] },
        { DetectorIds.MemoryNearLimit, "pod", Severity.Medium, ["set_resources name=checkout ns=shop container=checkout memory_limit=640Mi", "restart_deployment name=checkout ns=shop"] },
        { DetectorIds.ReplicasUnavailable, "deployment", Severity.High, ["restart_deployment name=checkout ns=shop", "scale_deployment name=checkout ns=shop replicas=4"] },
        { DetectorIds.NodeNotReady, "node", Severity.Critical, ["cordon_node name=worker-2"] },
        { DetectorIds.NodeMemoryPressure, "node", Severity.High, ["cordon_node name=worker-2"] },
        { DetectorIds.NodeDiskPressure, "node", Severity.High, ["cordon_node name=worker-2"] },
        { DetectorIds.NodePidPressure, "node", Severity.High, ["cordon_node name=worker-2"] },
        { DetectorIds.ApiServerLatency, "apiserver", Severity.High, [] },
        { DetectorIds.RestartBurst, "pod", Severity.Medium, ["restart_deployment name=checkout ns=shop"] },
    };

    [Theory]
    [MemberData(nameof(DetectorRunbook))]
    public async Task Analyze_DetectorType_FollowsItsRunbook(string detector, string entityType, Severity severity, string[] commands)
    {
        var entity = entityType switch
        {
            "pod" => Pod,
            "node" => Node,
            "deployment" => Incidents.Deployment,
            _ => new EntityRef(entityType, string.Empty, "kube-apiserver"),
        };

        var result = await Analyze(Incidents.Detector(detector, entity, Incidents.PodFacts()));

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Equal(severity, result.Severity);
        Assert.Equal(commands, result.Commands.Select(c => c.Command));
        Assert.Empty(result.Dropped);
        Assert.Equal(TokenUsage.Zero, result.Usage);
        Assert.False(string.IsNullOrWhiteSpace(result.Description));
    }

    [Fact]
    public async Task Analyze_NodePressure_SuggestsDrainForAPersonOnly()
    {
        var result = await Analyze(Incidents.Detector(DetectorIds.NodeMemoryPressure, Node, EntityFacts.None));

        Assert.DoesNotContain(result.Commands, c => c.Operation == "drain_node");
        Assert.Contains(result.Suggestions, s => s.Contains("drain_node name=worker-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_ApiServerLatency_ExplainsThatThereIsNoAutomatedFix()
    {
        var result = await Analyze(Incidents.Detector(DetectorIds.ApiServerLatency, new EntityRef("apiserver", string.Empty, "kube-apiserver"), EntityFacts.None, "latency"));

        Assert.Empty(result.Commands);
        Assert.Contains("no safe automated fix", result.Description, StringComparison.Ordinal);
        Assert.Contains("etcd", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_CrashLoopOfBarePod_DeletesThePodSoItIsRecreated()
    {
        var result = await Analyze(Incidents.Detector(DetectorIds.CrashLoopBackOff, Pod, new EntityFacts(NodeName: "worker-2")));

        Assert.Equal(["delete_pod name=checkout-7d9f8-x2k4q ns=shop"], result.Commands.Select(c => c.Command));
    }

    [Fact]
    public async Task Analyze_OomKilledStatefulSet_NamesTheKindWhenRaisingTheLimit()
    {
        var facts = Incidents.PodFacts() with { Owners = [new("statefulset", "shop", "checkout")], Containers = [new("db", MemoryLimit: "1Gi")] };

        var result = await Analyze(Incidents.Detector(DetectorIds.OomKilled, Pod, facts));

        Assert.Empty(result.Dropped);

        Assert.Equal("set_resources name=checkout ns=shop container=db kind=statefulset memory_limit=1280Mi", result.Commands[0].Command);
        Assert.Equal("restart_statefulset name=checkout ns=shop", result.Commands[1].Command);
    }

    [Fact]
    public async Task Analyze_OomKilledWithoutKnownLimit_OnlyRestarts()
    {
        var facts = Incidents.PodFacts() with { Containers = [new("checkout")] };


        var result = await Analyze(Incidents.Detector(DetectorIds.OomKilled, Pod, facts));

        Assert.Equal(["restart_deployment name=checkout ns=shop"], result.Commands.Select(c => c.Command));
        Assert.Contains("memory limit is unknown", result.Description, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string[]> ForestRunbook() => new()
    {
        { "memory_working_set", "pod", ["set_resources name=checkout ns=shop container=checkout memory_limit=640Mi", "restart_deployment name=checkout ns=shop"] },
        { "cpu_usage", "deployment", ["scale_deployment name=checkout ns=shop replicas=4"] },
        { "cpu_usage", "node", [] },
        { "restarts", "pod", ["restart_deployment name=checkout ns=shop"] },
        { "network_errors", "pod", ["restart_deployment name=checkout ns=shop"] },
        { "network_errors", "node", [] },
        { "disk_usage", "node", ["cordon_node name=worker-2"] },
        { "something_new", "pod", [] },
    };

    [Theory]
    [MemberData(nameof(ForestRunbook))]
    public async Task Analyze_ForestOnly_FollowsTheDominantFeature(string feature, string entityType, string[] commands)
    {
        var entity = entityType switch { "pod" => Pod, "node" => Node, _ => Incidents.Deployment };

        var result = await Analyze(Incidents.Forest(entity, Incidents.PodFacts(), feature));

        Assert.Equal(commands, result.Commands.Select(c => c.Command));
        Assert.Empty(result.Dropped);
        Assert.True(result.Confidence < 0.5, "forest-only runbook answers are tentative");
    }

    [Theory]
    [InlineData(-0.6, Severity.High)]
    [InlineData(-0.35, Severity.Medium)]
    [InlineData(-0.21, Severity.Low)]
    public async Task Analyze_ForestOnly_SeverityFollowsScore(double score, Severity severity)
    {
        var result = await Analyze(Incidents.Forest(Pod, Incidents.PodFacts(), "restarts", score));

        Assert.Equal(severity, result.Severity);
    }

    [Fact]
    public async Task Analyze_SameIncidentTwice_SameAnswer()
    {
        var first = await Analyze(Incidents.CrashLoop());
        var second = await Analyze(Incidents.CrashLoop());

        Assert.Equal(first.Description, second.Description);
        Assert.Equal(first.Commands, second.Commands);
    }
}
