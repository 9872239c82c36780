using k8s.Models;
using KubeWise.Core.Remediation.Execution;
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
    public void ClusterRole_GrantsExactlyTheApiCallsTheExecutorWasRecordedMaking()
    {
        // ExecutorPermissions is the call set the fake API server recorded across every operation, rollback and fact
        // read (Core's ExecutorPermissionsTests holds it to that); KubeWise makes no other Kubernetes API call.
        static string Key(string verb, string group, string resource) => $"{verb} {(group.Length == 0 ? "core" : group)}/{resource}";
        var granted = Manifests.OfKind<V1ClusterRole>("k8s").Single().Rules
            .SelectMany(r => from g in r.ApiGroups from res in r.Resources from v in r.Verbs select Key(v, g, res))
            .ToList();
        var recorded = ExecutorPermissions.All.SelectMany(p => p.Verbs.Select(v => Key(v, p.Group, p.Resource))).ToHashSet();

        Assert.Equal(granted.Count, granted.Distinct().Count());
        Assert.Empty(granted.Except(recorded));
        Assert.Empty(recorded.Except(granted));
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
