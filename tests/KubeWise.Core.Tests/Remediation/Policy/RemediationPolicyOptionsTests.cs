using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Remediation.Policy;

public class RemediationPolicyOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> values) =>
        new ServiceCollection()
            .AddKubeWiseCore(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .BuildServiceProvider();

    [Fact]
    public void Defaults_AreTheCarefulOnes()
    {
        var options = Services([]).GetRequiredService<IOptions<RemediationPolicyOptions>>().Value;

        Assert.Equal(["kube-system"], options.EffectiveDeniedNamespaces);
        Assert.Empty(options.AllowedNamespaces);
        Assert.Equal(3, options.MaxActionsPerEntity);
        Assert.Equal(3600, options.EntityWindowSeconds);
        Assert.Equal(10, options.MaxRemediationsPerWindow);
        Assert.Equal(600, options.StormWindowSeconds);
        Assert.Equal(20, options.MaxCordonedNodesPercent);
        Assert.Equal((1, 20, 3), (options.MinReplicas, options.MaxReplicas, options.ScalePhaseSize));
        Assert.Equal((100, 50), (options.MaxResourceIncreasePercent, options.MaxResourceDecreasePercent));
        Assert.Equal(["argocd.argoproj.io/instance", "kustomize.toolkit.fluxcd.io/name", "helm.toolkit.fluxcd.io/name"], options.EffectiveGitOpsLabels);
        Assert.Equal(["argocd.argoproj.io/tracking-id"], options.EffectiveGitOpsAnnotations);
    }

    [Fact]
    public void Configuration_AddsToDenyListAndKeepsKubeSystem()
    {
        var options = Services(new()
        {
            ["Remediation:Policy:DeniedNamespaces:0"] = "payments",
            ["Remediation:Policy:MaxReplicas"] = "8",
            ["Remediation:Policy:GitOpsLabels:0"] = "app.kubernetes.io/instance",
        }).GetRequiredService<IOptions<RemediationPolicyOptions>>().Value;

        Assert.Equal(["kube-system", "payments"], options.EffectiveDeniedNamespaces);
        Assert.Equal(8, options.MaxReplicas);
        Assert.Contains("app.kubernetes.io/instance", options.EffectiveGitOpsLabels);
    }

    [Fact]
    public void AllowKubeSystem_LiftsTheBuiltInDenial()
    {
        var options = Services(new() { ["Remediation:Policy:AllowKubeSystem"] = "true" })
            .GetRequiredService<IOptions<RemediationPolicyOptions>>().Value;

        Assert.Empty(options.EffectiveDeniedNamespaces);
    }

    [Theory]
    [InlineData("Remediation:Policy:MinReplicas", "30", "MinReplicas (30) must not exceed MaxReplicas (20)")]
    [InlineData("Remediation:Policy:MaxCordonedNodesPercent", "101", "MaxCordonedNodesPercent")]
    [InlineData("Remediation:Policy:ScalePhaseSize", "0", "ScalePhaseSize")]
    [InlineData("Remediation:Policy:StormWindowSeconds", "5", "StormWindowSeconds")]
    [InlineData("Remediation:Policy:AllowedNamespaces:0", "kube-system", "Namespace 'kube-system' is both allowed and denied")]
    public void InvalidSetting_FailsStartUpWithReason(string key, string value, string reason)
    {
        var services = Services(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RemediationPolicyOptions>>().Value);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddKubeWiseCore_ResolvesCatalogAndPolicy()
    {
        using var services = Services([]);

        var catalog = services.GetRequiredService<RemediationCatalog>();
        var policy = services.GetRequiredService<RemediationPolicy>();
        var command = catalog.Parse("restart_deployment name=web ns=kube-system").Command!;
        var verdict = policy.Evaluate(command, new RemediationFacts
        {
            AnomalousEntity = command.Target,
            Target = new ObjectFacts(command.Target, "uid", 1),
        });

        Assert.Equal(PolicyDecision.Rejected, verdict.Decision);
        Assert.Equal("[namespace] namespace kube-system is on the deny list; KubeWise does not change it", verdict.Reason);
    }
}
