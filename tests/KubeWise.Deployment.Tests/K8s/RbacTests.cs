using k8s.Models;
using KubeWise.Deployment.Tests.Support;

namespace KubeWise.Deployment.Tests.K8s;

public class RbacTests
{
    private static IReadOnlyList<V1PolicyRule> AllRules(string kustomization) =>
        Manifests.Typed(kustomization)
            .SelectMany(o => o switch
            {
                V1ClusterRole c => c.Rules,
                V1Role r => r.Rules,
                _ => [],
            })
            .ToList();

    [Theory]
    [InlineData("k8s")]
    [InlineData("k8s/overlays/kind")]
    public void NoRole_UsesAWildcardOrAnEmptyList(string kustomization)
    {
        var rules = AllRules(kustomization);

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var all = (rule.ApiGroups ?? []).Concat(rule.Resources ?? []).Concat(rule.Verbs ?? []).Concat(rule.ResourceNames ?? []);
            Assert.DoesNotContain(all, s => s.Contains('*', StringComparison.Ordinal));
            Assert.NotEmpty(rule.Verbs ?? []);
            Assert.NotEmpty(rule.Resources ?? []);
            Assert.Null(rule.NonResourceURLs);
        }
    }

    [Fact]
    public void ClusterRole_GrantsExactlyTheCallsOfTheRemediationOperations()
    {
        // The executor's recorded call set (branch kube: ExecutorPermissions, checked there against every request its
        // fake API server saw); once that is on main this list becomes ExecutorPermissions.All.
        var granted = Manifests.OfKind<V1ClusterRole>("k8s").Single().Rules
            .SelectMany(r => from g in r.ApiGroups from res in r.Resources from v in r.Verbs select $"{v} {(g.Length == 0 ? "core" : g)}/{res}")
            .Order(StringComparer.Ordinal)
            .ToList();

        string[] expected =
        [
            "create core/events", "create core/pods/eviction", "delete core/pods", "get apps/daemonsets",
            "get apps/deployments", "get apps/replicasets", "get apps/statefulsets", "get core/namespaces",
            "get core/nodes", "get core/pods", "list apps/replicasets", "list autoscaling/horizontalpodautoscalers",
            "list core/nodes", "list core/pods", "list policy/poddisruptionbudgets", "patch apps/daemonsets",
            "patch apps/deployments", "patch apps/statefulsets", "patch core/nodes", "patch core/pods",
            "update apps/deployments/scale", "update apps/statefulsets/scale",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), granted);
        Assert.DoesNotContain(granted, g => g.Contains("secrets", StringComparison.Ordinal));
    }

    [Fact]
    public void SecretAccess_IsNamespacedAndLimitedToTheFunctionKeys()
    {
        var role = Manifests.OfKind<V1Role>("k8s").Single();
        var rule = Assert.Single(role.Rules);

        Assert.Equal(["secrets"], rule.Resources);
        Assert.Equal(["kubewise-function-keys"], rule.ResourceNames);
        Assert.DoesNotContain("list", rule.Verbs);
        Assert.DoesNotContain("create", rule.Verbs);
    }

    [Fact]
    public void Bindings_GiveTheRolesToTheAccountBothDeploymentsRunAs()
    {
        var objects = Manifests.Typed("k8s");
        var accounts = Manifests.PodSpecs("k8s").Select(p => p.Spec.ServiceAccountName).Distinct().ToList();
        var subjects = objects.OfType<V1ClusterRoleBinding>().SelectMany(b => b.Subjects)
            .Concat(objects.OfType<V1RoleBinding>().SelectMany(b => b.Subjects))
            .ToList();

        Assert.Equal(["kubewise"], accounts);
        Assert.All(subjects, s => Assert.Equal(("ServiceAccount", "kubewise", "kubewise"), (s.Kind, s.Name, s.NamespaceProperty)));
        Assert.Equal(2, subjects.Count);
    }
}
