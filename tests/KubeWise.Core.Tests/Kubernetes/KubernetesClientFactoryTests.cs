using k8s;
using KubeWise.Core.Kubernetes;
using KubeWise.Testing.Kubernetes;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Kubernetes;

public sealed class KubernetesClientFactoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private KubernetesEnvironment Environment(Dictionary<string, string?>? variables = null, bool home = false) =>
        new(name => variables?.GetValueOrDefault(name), home ? _directory : null, Path.Combine(_directory, "serviceaccount"));

    private static KubernetesClientFactory Factory(KubernetesOptions options, KubernetesEnvironment environment) =>
        new(Options.Create(options), environment);

    [Fact]
    public void GetClient_NothingConfigured_SaysSoAndNamesWhatWasTried()
    {
        using var factory = Factory(new KubernetesOptions(), Environment());

        var error = Assert.Throws<KubernetesNotConfiguredException>(() => factory.GetClient());

        Assert.StartsWith("No Kubernetes cluster is configured.", error.Message, StringComparison.Ordinal);
        Assert.Contains("KUBECONFIG (unset)", error.Message, StringComparison.Ordinal);
        Assert.Contains("in-cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("never falls back to localhost:8080", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetClient_KubeconfigVariableNamesMissingFile_IsNotConfigured()
    {
        using var factory = Factory(new KubernetesOptions(), Environment(new() { ["KUBECONFIG"] = "/nowhere/config" }));

        var error = Assert.Throws<KubernetesNotConfiguredException>(() => factory.GetClient());

        Assert.Contains("KUBECONFIG=/nowhere/config (no such file)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetClient_ExplicitPathMissing_NamesThePath()
    {
        using var factory = Factory(new KubernetesOptions { KubeConfigPath = "/nowhere/kubeconfig" }, Environment());

        var error = Assert.Throws<KubernetesNotConfiguredException>(() => factory.GetClient());

        Assert.Contains("/nowhere/kubeconfig (from Kubernetes:KubeConfigPath) does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetClient_InClusterRequestedOutsideCluster_IsNotConfigured()
    {
        using var factory = Factory(new KubernetesOptions { Source = "InCluster" }, Environment(home: true));

        var error = Assert.Throws<KubernetesNotConfiguredException>(() => factory.GetClient());

        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetClient_UnknownContext_IsNotConfigured()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
        using var factory = Factory(new KubernetesOptions { KubeConfigPath = path, Context = "prod" }, Environment());

        var error = Assert.Throws<KubernetesNotConfiguredException>(() => factory.GetClient());

        Assert.Contains("with context prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClient_KubeconfigVariable_ReachesThatCluster()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        server.Add(K8sObjects.Node("node-a"));
        var path = server.WriteKubeConfig(Path.Combine(_directory, "config"));
        using var factory = Factory(new KubernetesOptions(), Environment(new() { ["KUBECONFIG"] = path }));

        var nodes = await factory.GetClient().CoreV1.ListNodeAsync();

        Assert.Equal("node-a", Assert.Single(nodes.Items).Metadata.Name);
        Assert.Contains("from KUBECONFIG", factory.DescribeSource(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetClient_ExplicitContext_WinsOverHomeConfig()
    {
        await using var server = await FakeKubernetesApiServer.StartAsync();
        Directory.CreateDirectory(Path.Combine(_directory, ".kube"));
        File.WriteAllText(Path.Combine(_directory, ".kube", "config"), "apiVersion: v1\nkind: Config\n");
        var path = server.WriteKubeConfig(Path.Combine(_directory, "explicit"), context: "staging");
        using var factory = Factory(new KubernetesOptions { KubeConfigPath = path, Context = "staging" }, Environment(home: true));

        await factory.GetClient().CoreV1.ListNamespaceAsync();

        Assert.Contains("context staging", factory.DescribeSource(), StringComparison.Ordinal);
        Assert.Contains(server.Requests, r => r is { Verb: "list", Resource: "namespaces" });
    }
}
