using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using static KubeWise.Core.Tests.Remediation.Policy.PolicyWorld;

namespace KubeWise.Core.Tests.Remediation.Policy;

public class RemediationPolicyTests
{
    public static TheoryData<string> SafeCommands => new()
    {
        "restart_deployment name=web ns=shop",
        "restart_statefulset name=db ns=shop",
        "restart_daemonset name=node-exporter ns=monitoring",
        "scale_deployment name=web ns=shop replicas=5",
        "scale_statefulset name=db ns=shop replicas=3",
        "delete_pod name=web-6d4f-x2v9q ns=shop",
        "set_resources name=web ns=shop container=app memory_limit=768Mi",
        "cordon_node name=worker-1",
        "drain_node name=worker-1",
        "rollback_deployment name=web ns=shop",
    };

    [Theory]
    [MemberData(nameof(SafeCommands))]
    public void Evaluate_SafeCommandInScope_IsAllowed(string text)
    {
        var command = Command(text);

        var verdict = NewPolicy(Clock()).Evaluate(command, For(command));

        Assert.Equal(PolicyDecision.Allowed, verdict.Decision);
        Assert.Empty(verdict.Findings);
        Assert.Equal("allowed by every guard", verdict.Reason);
        Assert.Equal(For(command).Target!.Uid, verdict.TargetUid);
    }

    [Fact]
    public void Evaluate_UncordonOfCordonedNode_IsAllowed()
    {
        var command = Command("uncordon_node name=worker-1");
        var facts = For(command) with { Target = Node("worker-1", cordoned: true), Cluster = new(10, ["worker-1"]) };

        Assert.Equal(PolicyDecision.Allowed, NewPolicy(Clock()).Evaluate(command, facts).Decision);
    }

    /// <summary>Each case: a command, a change to the facts or options, the decision and words of the reason.</summary>
    private sealed record GuardCase(
        string Command,
        Func<RemediationFacts, RemediationFacts> Facts,
        PolicyDecision Decision,
        string Guard,
        string Reason,
        Action<RemediationPolicyOptions>? Options = null);

    private static readonly Dictionary<string, string> OptOut = new() { ["kubewise.io/remediation"] = "disabled" };

    private static readonly Dictionary<string, GuardCase> Cases = new()
    {
        ["operation denied"] = new("drain_node name=worker-1", f => f, PolicyDecision.Rejected, "operation",
            "drain_node is switched off", o => o.DeniedOperations.Add("drain_node")),
        ["target missing"] = new("restart_deployment name=web ns=shop", f => f with { Target = null }, PolicyDecision.Rejected, "target",
            "Deployment/shop/web was not found"),
        ["target facts of another object"] = new("restart_deployment name=web ns=shop", f => f with { Target = StatefulSet }, PolicyDecision.Rejected, "target",
            "not the command's target"),
        ["kube-system denied by default"] = new("restart_deployment name=web ns=shop",
            f => f with { AnomalousEntity = new("Pod", "kube-system", "coredns-1"), OwnerChain = [Deployment] }, PolicyDecision.Rejected, "namespace",
            "namespace kube-system is on the deny list"),
        ["configured deny list"] = new("restart_deployment name=web ns=shop", f => f, PolicyDecision.Rejected, "namespace",
            "namespace shop is on the deny list", o => o.DeniedNamespaces.Add("shop")),
        ["not on allow list"] = new("restart_deployment name=web ns=shop", f => f, PolicyDecision.Rejected, "namespace",
            "namespace shop is not on the allow list (payments)", o => o.AllowedNamespaces.Add("payments")),
        ["opt-out on target"] = new("restart_deployment name=web ns=shop",
            f => f with { Target = Deployment with { Annotations = OptOut }, OwnerChain = [ReplicaSet, Deployment with { Annotations = OptOut }] },
            PolicyDecision.Rejected, "opt-out", "Deployment/shop/web is annotated kubewise.io/remediation: disabled"),
        ["opt-out on owner"] = new("delete_pod name=web-6d4f-x2v9q ns=shop",
            f => f with { OwnerChain = [ReplicaSet, Deployment with { Annotations = OptOut }] },
            PolicyDecision.Rejected, "opt-out", "Deployment/shop/web is annotated kubewise.io/remediation: disabled"),
        ["opt-out on namespace"] = new("restart_deployment name=web ns=shop",
            f => f with { Namespaces = [new NamespaceFacts("shop") { Annotations = new Dictionary<string, string> { ["kubewise.io/remediation"] = "Disabled" } }] },
            PolicyDecision.Rejected, "opt-out", "namespace shop is annotated kubewise.io/remediation: disabled"),
        ["other workload out of scope"] = new("restart_statefulset name=db ns=shop",
            f => f with { AnomalousEntity = Pod.Reference, OwnerChain = [ReplicaSet, Deployment] },
            PolicyDecision.Rejected, "scope", "StatefulSet/shop/db is outside the anomaly's scope: only Pod/shop/web-6d4f-x2v9q, its owners ReplicaSet/shop/web-6d4f, Deployment/shop/web, or its node worker-1"),
        ["other node out of scope"] = new("cordon_node name=worker-2", f => f, PolicyDecision.Rejected, "scope",
            "Node/worker-2 is outside the anomaly's scope"),
        ["argo cd label"] = new("restart_deployment name=web ns=shop",
            f => f with { Target = Deployment with { Labels = new Dictionary<string, string> { ["argocd.argoproj.io/instance"] = "shop-prod" } } },
            PolicyDecision.SuggestionOnly, "gitops", "managed by GitOps (label argocd.argoproj.io/instance=shop-prod)"),
        ["argo cd tracking annotation"] = new("restart_deployment name=web ns=shop",
            f => f with { Target = Deployment with { Annotations = new Dictionary<string, string> { ["argocd.argoproj.io/tracking-id"] = "shop:apps/Deployment:shop/web" } } },
            PolicyDecision.SuggestionOnly, "gitops", "annotation argocd.argoproj.io/tracking-id"),
        ["flux kustomization label"] = new("set_resources name=web ns=shop container=app memory_limit=768Mi",
            f => f with { Target = Deployment with { Labels = new Dictionary<string, string> { ["kustomize.toolkit.fluxcd.io/name"] = "apps" } } },
            PolicyDecision.SuggestionOnly, "gitops", "label kustomize.toolkit.fluxcd.io/name=apps"),
        ["flux helm release label"] = new("rollback_deployment name=web ns=shop",
            f => f with { Target = Deployment with { Labels = new Dictionary<string, string> { ["helm.toolkit.fluxcd.io/name"] = "web" } } },
            PolicyDecision.SuggestionOnly, "gitops", "label helm.toolkit.fluxcd.io/name=web"),
        ["configured gitops label"] = new("restart_deployment name=web ns=shop", f => f, PolicyDecision.SuggestionOnly, "gitops",
            "label app=web", o => o.GitOpsLabels.Add("app")),
        ["rollout in progress"] = new("restart_deployment name=web ns=shop",
            f => f with { Target = Deployment with { RolloutInProgress = true } }, PolicyDecision.SuggestionOnly, "rollout",
            "Deployment/shop/web is in the middle of a rollout"),
        ["owner rolling out"] = new("delete_pod name=web-6d4f-x2v9q ns=shop",
            f => f with { OwnerChain = [ReplicaSet, Deployment with { RolloutInProgress = true }] }, PolicyDecision.SuggestionOnly, "rollout",
            "Deployment/shop/web is in the middle of a rollout"),
        ["hpa scales the workload"] = new("scale_deployment name=web ns=shop replicas=5",
            f => f with { Hpa = new HpaFacts("web", 2, 4) }, PolicyDecision.SuggestionOnly, "hpa",
            "scaled by HorizontalPodAutoscaler web (min 2, max 4); change the HPA"),
        ["below minimum replicas"] = new("scale_deployment name=web ns=shop replicas=0", f => f, PolicyDecision.Rejected, "replicas",
            "scaling Deployment/shop/web to 0 is below the minimum of 1 replicas"),
        ["above maximum replicas"] = new("scale_deployment name=web ns=shop replicas=21", f => f, PolicyDecision.Rejected, "replicas",
            "above the maximum of 20 replicas"),
        ["configured maximum"] = new("scale_deployment name=web ns=shop replicas=6", f => f, PolicyDecision.Rejected, "replicas",
            "above the maximum of 5 replicas", o => o.MaxReplicas = 5),
        ["unknown replica count"] = new("scale_deployment name=web ns=shop replicas=5",
            f => f with { Target = Deployment with { Replicas = null } }, PolicyDecision.Rejected, "replicas", "current replica count of Deployment/shop/web is unknown"),
        ["no replica change"] = new("scale_deployment name=web ns=shop replicas=3", f => f, PolicyDecision.Rejected, "replicas",
            "Deployment/shop/web already has 3 replicas"),
        ["resource increase too large"] = new("set_resources name=web ns=shop container=app memory_limit=2Gi", f => f, PolicyDecision.Rejected, "resources",
            "limits.memory of app from 512Mi to 2Gi is +300%, above the +100% bound"),
        ["resource decrease too large"] = new("set_resources name=web ns=shop container=app cpu_request=100m", f => f, PolicyDecision.Rejected, "resources",
            "requests.cpu of app from 250m to 100m is -60%, beyond the -50% bound"),
        ["request above current limit"] = new("set_resources name=web ns=shop container=app cpu_request=450m",
            f => f with { Target = Deployment with { Containers = [new ContainerFacts("app") { Requests = new Dictionary<string, string> { ["cpu"] = "300m" }, Limits = new Dictionary<string, string> { ["cpu"] = "400m" } }] } },
            PolicyDecision.Rejected, "resources", "cpu request 450m of app would be above its limit 400m"),
        ["unknown container"] = new("set_resources name=web ns=shop container=sidecar memory_limit=768Mi", f => f, PolicyDecision.Rejected, "resources",
            "Deployment/shop/web has no container named sidecar"),
        ["no current value"] = new("set_resources name=web ns=shop container=app memory_limit=768Mi",
            f => f with { Target = Deployment with { Containers = [new ContainerFacts("app")] } }, PolicyDecision.SuggestionOnly, "resources",
            "app has no limits.memory today; a person should choose the first value (768Mi)"),
        ["cordon already cordoned"] = new("cordon_node name=worker-1",
            f => f with { Target = Node("worker-1", cordoned: true), Cluster = new(10, ["worker-1"]) }, PolicyDecision.Rejected, "nodes", "node worker-1 is already cordoned"),
        ["uncordon schedulable node"] = new("uncordon_node name=worker-1", f => f, PolicyDecision.Rejected, "nodes", "node worker-1 is not cordoned"),
        ["too many nodes cordoned"] = new("drain_node name=worker-1", f => f with { Cluster = new(10, ["worker-5", "worker-6"]) }, PolicyDecision.Rejected, "nodes",
            "would leave 3 of 10 nodes cordoned (30%), above the 20% limit"),
        ["small cluster"] = new("cordon_node name=worker-1", f => f with { Cluster = new(3, []) }, PolicyDecision.Rejected, "nodes",
            "would leave 1 of 3 nodes cordoned (33%), above the 20% limit"),
        ["last schedulable node"] = new("cordon_node name=worker-1", f => f with { Cluster = new(1, []) }, PolicyDecision.Rejected, "nodes",
            "would leave no schedulable node", o => o.MaxCordonedNodesPercent = 100),
        ["unknown node count"] = new("cordon_node name=worker-1", f => f with { Cluster = new(0, []) }, PolicyDecision.Rejected, "nodes",
            "number of nodes is unknown"),
        ["pdb allows no disruption"] = new("delete_pod name=web-6d4f-x2v9q ns=shop", f => f with { DisruptionBudgets = [new PdbFacts("web-pdb", 0)] },
            PolicyDecision.Rejected, "disruption-budget", "PodDisruptionBudget web-pdb allows no disruption now"),
        ["entity rate limit"] = new("restart_deployment name=web ns=shop",
            f => f with { RecentActions = [Action(-50, "Deployment/shop/web"), Action(-30, "Pod/shop/web-6d4f-x2v9q"), Action(-10, "Deployment/shop/web")] },
            PolicyDecision.Rejected, "rate-limit", "3 remediations already hit Deployment/shop/web or Pod/shop/web-6d4f-x2v9q in the last 1 h (limit 3)"),
        ["entity rate limit, the target is the anomalous entity"] = new("restart_deployment name=web ns=shop",
            f => f with { AnomalousEntity = new ObjectReference("Deployment", "shop", "web"), RecentActions = [Action(-50, "Deployment/shop/web"), Action(-30, "Deployment/shop/web"), Action(-10, "Deployment/shop/web")] },
            PolicyDecision.Rejected, "rate-limit", "3 remediations already hit Deployment/shop/web in the last 1 h (limit 3)"),
        ["storm limit"] = new("restart_deployment name=web ns=shop",
            f => f with { RecentActions = [.. Enumerable.Range(0, 10).Select(i => Action(-i, $"Deployment/other/app-{i}"))] },
            PolicyDecision.Rejected, "storm", "10 remediations ran cluster-wide in the last 10 min (storm limit 10)"),
    };

    private static RecentAction Action(int minutesAgo, string key)
    {
        var parts = key.Split('/');
        var target = parts.Length == 3 ? new ObjectReference(parts[0], parts[1], parts[2]) : new ObjectReference(parts[0], null, parts[1]);
        return new RecentAction(Start.AddMinutes(minutesAgo), target, "restart_deployment", parts[0] == "Pod" ? target : null);
    }

    public static TheoryData<string> GuardCaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(GuardCaseNames))]
    public void Evaluate_GuardObjects_WithReason(string name)
    {
        var @case = Cases[name];
        var command = Command(@case.Command);

        var verdict = NewPolicy(Clock(), @case.Options).Evaluate(command, @case.Facts(For(command)));

        Assert.Equal(@case.Decision, verdict.Decision);
        var finding = Assert.Single(verdict.Findings, f => f.Guard == @case.Guard);
        Assert.Contains(@case.Reason, finding.Reason, StringComparison.Ordinal);
        Assert.Contains(@case.Reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RejectionOutranksSuggestion()
    {
        var command = Command("scale_deployment name=web ns=shop replicas=30");
        var facts = For(command) with { Hpa = new HpaFacts("web", 2, 4) };

        var verdict = NewPolicy(Clock()).Evaluate(command, facts);

        Assert.Equal(PolicyDecision.Rejected, verdict.Decision);
        Assert.Equal(["hpa", "replicas"], verdict.Findings.Select(f => f.Guard));
        Assert.Null(verdict.Proposal);
    }

    [Theory]
    [InlineData(5, "set minReplicas of HorizontalPodAutoscaler shop/web to 5 (now 2) and maxReplicas to 5 (now 4)")]
    [InlineData(4, "set minReplicas of HorizontalPodAutoscaler shop/web to 4 (now 2)")]
    [InlineData(1, "set maxReplicas of HorizontalPodAutoscaler shop/web to 1 (now 4) and minReplicas to 1 (now 2)")]
    public void Evaluate_HpaManagedScale_ProposesHpaChange(int replicas, string proposal)
    {
        var command = Command($"scale_deployment name=web ns=shop replicas={replicas}");

        var verdict = NewPolicy(Clock()).Evaluate(command, For(command) with { Hpa = new HpaFacts("web", 2, 4) });

        Assert.Equal(PolicyDecision.SuggestionOnly, verdict.Decision);
        Assert.Equal(proposal, verdict.Proposal);
    }

    [Fact]
    public void Evaluate_CustomOperationChangingReplicas_IsHpaGuarded()
    {
        var catalog = new RemediationCatalog(Microsoft.Extensions.Options.Options.Create(new RemediationCatalogOptions
        {
            CustomOperations =
            [
                new CustomOperationOptions
                {
                    Name = "set_replicas_raw",
                    Description = "Sets spec.replicas through a merge patch.",
                    TargetKind = "Deployment",
                    Patch = """{"spec":{"replicas":"{{count}}"}}""",
                    Parameters = [new CustomParameterOptions { Name = "count", Type = "integer", Minimum = 1, Maximum = 10 }],
                },
            ],
        }));
        var command = catalog.Parse("set_replicas_raw name=web ns=shop count=4").Command!;

        var verdict = NewPolicy(Clock()).Evaluate(command, For(command) with { Hpa = new HpaFacts("web", 2, 4) });

        Assert.Equal(PolicyDecision.SuggestionOnly, verdict.Decision);
        Assert.Equal("hpa", Assert.Single(verdict.Findings).Guard);
    }

    [Fact]
    public void Evaluate_OldActionsOutsideWindow_DoNotCount()
    {
        var command = Command("restart_deployment name=web ns=shop");
        var old = Enumerable.Range(0, 20).Select(i => new RecentAction(Start.AddHours(-2).AddMinutes(i), command.Target, "restart_deployment")).ToList();

        Assert.True(NewPolicy(Clock()).Evaluate(command, For(command) with { RecentActions = old }).IsAllowed);
    }

    public static TheoryData<string> CommandsBuiltInCode => new()
    {
        "Bad_Name",
        "negative",
        "empty-container",
    };

    [Theory]
    [MemberData(nameof(CommandsBuiltInCode))]
    public void Evaluate_InvalidCommandBuiltInCode_IsRejectedByCatalog(string which)
    {
        RemediationCommand command = which switch
        {
            "Bad_Name" => new ScaleDeploymentCommand("Bad_Name", "shop", 3),
            "negative" => new ScaleDeploymentCommand("web", "shop", -2),
            _ => new SetResourcesCommand("web", "shop", "app", "Deployment", null, null, null, null),
        };
        var facts = For(Command("restart_deployment name=web ns=shop")) with { AnomalousEntity = Deployment.Reference };

        var verdict = NewPolicy(Clock()).Evaluate(command, facts);

        Assert.Equal(PolicyDecision.Rejected, verdict.Decision);
        Assert.Equal("catalog", Assert.Single(verdict.Findings).Guard);
        Assert.Contains("is not a valid command", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ValidCommandBuiltInCode_PassesCatalogGuard()
    {
        var command = new SetResourcesCommand("db", "shop", "pg", "StatefulSet", null, null, null, null)
        {
            MemoryLimit = Quantity.TryParse("1Gi", QuantityKind.Memory, out var q, out _) ? q : null,
        };
        var facts = For(command) with
        {
            Target = StatefulSet with { Containers = [new ContainerFacts("pg") { Limits = new Dictionary<string, string> { ["memory"] = "768Mi" } }] },
        };

        var verdict = NewPolicy(Clock()).Evaluate(command, facts);

        Assert.Equal("set_resources name=db ns=shop container=pg kind=statefulset memory_limit=1Gi", command.ToString());
        Assert.True(verdict.IsAllowed, verdict.Reason);
    }
}
