using k8s.Models;
using KubeWise.Core.Configuration;
using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Configuration;

/// <summary>
/// A misspelled setting name is silently ignored and its default applies, so every name the deployments set must be
/// one KubeWise or the Functions host reads.
/// </summary>
public class DeployedSettingsTests
{
    private static readonly HashSet<string> HostSettings = new(StringComparer.Ordinal)
    {
        "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsSecretStorageType", "AzureWebJobsKubernetesSecretName",
        "FUNCTIONS_SECRETS_PATH", "AzureFunctionsWebHost__hostid", "AzureWebJobsScriptRoot", "ASPNETCORE_URLS", "POD_NAME",
    };

    private static bool IsKnown(string name)
    {
        if (HostSettings.Contains(name) || SeedSettings.All.Any(s => s.SeedName == name)
            || name.StartsWith("AzureFunctionsJobHost__", StringComparison.Ordinal)
            || (name.StartsWith("AzureWebJobs.", StringComparison.Ordinal) && name.EndsWith(".Disabled", StringComparison.Ordinal)))
        {
            return true;
        }

        var path = name.Replace("__", ":", StringComparison.Ordinal);
        return SettingsCatalog.Paths().Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase) || path.StartsWith(p + ":", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("k8s")]
    [InlineData("k8s/overlays/kind")]
    public void EverySettingTheManifestsGive_IsOneKubeWiseReads(string kustomization)
    {
        var objects = Manifests.Typed(kustomization);
        var names = objects.OfType<V1ConfigMap>().Where(c => c.Metadata.Name == "kubewise-config").SelectMany(c => c.Data.Keys)
            .Concat(objects.OfType<V1Secret>().Where(s => s.Metadata.Name == "kubewise-secrets").SelectMany(s => s.StringData.Keys))
            .Concat(objects.OfType<V1Deployment>().Where(d => d.Metadata.Name is "kubewise-api" or "kubewise-workers")
                .SelectMany(d => d.Spec.Template.Spec.Containers.SelectMany(c => c.Env.Select(e => e.Name))))
            .ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(IsKnown(n), $"{n} is not a setting KubeWise or the Functions host reads"));
    }

    [Fact]
    public void EverySettingComposeGivesTheApp_IsOneKubeWiseReads()
    {
        var environment = YamlJson.Parse(File.ReadAllText(RepositoryPaths.Combine("docker-compose.yml")))!["services"]!["kubewise"]!["environment"]!.AsObject();

        Assert.All(environment.Select(e => e.Key), n => Assert.True(IsKnown(n), $"{n} is not a setting KubeWise or the Functions host reads"));
    }

    [Fact]
    public void KnownSettings_RejectsAMisspelledSeedName()
    {
        Assert.False(IsKnown("PROMETHEUS_ULR"));
        Assert.True(IsKnown("Remediation__Policy__MaxReplicas"));
    }
}
