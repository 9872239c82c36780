using KubeWise.Core.Scanning;
using KubeWise.Testing;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Core.Tests.Scanning;

/// <summary>Which cluster a scan is for: a real Prometheus's external label, else the kube-system UID, else the URL.</summary>
public sealed class ClusterIdentityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-identity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PrometheusWithClusterLabel_IdentityIsTheLabel()
    {
        await using var prometheus = await PrometheusProcess.StartAsync(
            "global:\n  scrape_interval: 1h\n  external_labels:\n    cluster: prod-eu-1\n    region: eu\n", Path.Combine(_directory, "a"));
        using var services = new ScanServices(prometheus.Url);

        var identity = await services.Get<IClusterIdentityResolver>().ResolveAsync();

        Assert.Equal(new ClusterIdentity(ClusterIdentitySource.ExternalLabel, "prod-eu-1"), identity);
        Assert.Equal("cluster:prod-eu-1", identity.Key);
        Assert.StartsWith("cluster-prod-eu-1-", identity.Folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoClusterLabel_KubeconfigGiven_IdentityIsTheKubeSystemUid()
    {
        await using var prometheus = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", Path.Combine(_directory, "b"));
        await using var kube = await FakeKubernetesApiServer.StartAsync();
        var kubeSystem = kube.Add(K8sFixtures.Namespace("kube-system"));
        using var services = new ScanServices(prometheus.Url, new Dictionary<string, string?>
        {
            ["Kubernetes:Source"] = "KubeConfig",
            ["Kubernetes:KubeConfigPath"] = kube.WriteKubeConfig(Path.Combine(_directory, "kubeconfig")),
        });

        var identity = await services.Get<IClusterIdentityResolver>().ResolveAsync();

        Assert.Equal(ClusterIdentitySource.KubeSystemUid, identity.Source);
        Assert.Equal(kubeSystem.Metadata.Uid, identity.Value);
    }

    [Fact]
    public async Task NoClusterLabel_NoKubeconfig_IdentityIsThePrometheusUrl()
    {
        await using var prometheus = await PrometheusProcess.StartAsync("global:\n  scrape_interval: 1h\n", Path.Combine(_directory, "c"));
        using var services = new ScanServices(prometheus.Url, new Dictionary<string, string?> { ["Kubernetes:Source"] = "InCluster" });

        var identity = await services.Get<IClusterIdentityResolver>().ResolveAsync();

        Assert.Equal(new ClusterIdentity(ClusterIdentitySource.PrometheusUrl, prometheus.Url.ToString().TrimEnd('/')), identity);
    }

    [Fact]
    public async Task PrometheusUnreachable_IdentityIsUnknown_NotGuessedFromTheUrl()
    {
        using var services = new ScanServices(new Uri($"http://127.0.0.1:{LoopbackPort.Free()}"));

        await Assert.ThrowsAsync<ClusterIdentityUnavailableException>(() => services.Get<IClusterIdentityResolver>().ResolveAsync());
    }
}
