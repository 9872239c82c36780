using k8s.Models;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Kubernetes;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// Explain tests change process environment variables (GEMINI_API_KEY, KUBECONFIG) the way a user sets them, so they
/// run one at a time and never alongside the other CLI tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExplainCollection : ICollectionFixture<ExplainWorld>
{
    public const string Name = "explain";
}

/// <summary>
/// A real Prometheus serving the default synthetic scenario with a model trained on its first hour.
/// Each test gets its own fake Kubernetes API server seeded with the scenario's objects (<see cref="StartClusterAsync"/>).
/// </summary>
public sealed class ExplainWorld : IAsyncLifetime
{
    public const string ApiKey = "test-key-7f3a";

    private readonly PrometheusHistoryFixture _prometheus = new();
    private readonly string _root = Directory.CreateTempSubdirectory("kubewise-explain-").FullName;

    public string Prometheus => _prometheus.Url.ToString().TrimEnd('/');

    public string ModelPath => Path.Combine(_root, "kubewise-forest.json");

    public string Root => _root;

    /// <summary>The scenario Prometheus serves (its ground truth: limits, replicas, incidents).</summary>
    public KubeWise.Testing.Prometheus.Synthetic.SyntheticCluster Cluster => _prometheus.Cluster;

    public async Task InitializeAsync()
    {
        await _prometheus.InitializeAsync();
        var (code, output, error) = await RunAsync(new Dictionary<string, string?>(), "scan", "--prometheus", Prometheus, "--at", "2025-06-02T09:00:00Z", "--lookback", "1h", "--model", ModelPath);
        if (code is not (0 or 3))
        {
            throw new InvalidOperationException($"Training the model failed ({code}): {output}{error}");
        }
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A fresh fake Gemini that answers only requests carrying <see cref="ApiKey"/>.</summary>
    public static async Task<FakeGeminiServer> StartGeminiAsync()
    {
        var gemini = await FakeGeminiServer.StartAsync();
        gemini.RequiredApiKey = ApiKey;
        return gemini;
    }

    /// <summary>
    /// Runs <c>kubewise</c> with <paramref name="environment"/> set (null unsets) on top of a clean slate: no Gemini key,
    /// no KUBECONFIG, no Gemini retries (so an outage answers at once).
    /// </summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var values = new Dictionary<string, string?>
        {
            ["GEMINI_API_KEY"] = null,
            ["Gemini__ApiKey"] = null,
            ["KUBECONFIG"] = null,
            ["Gemini__MaxRetries"] = "0",
        };
        foreach (var (name, value) in environment)
        {
            values[name] = value;
        }

        var saved = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            var output = new StringWriter();
            var error = new StringWriter();
            var code = await KubeWiseCli.InvokeAsync(args, output, error);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            foreach (var (name, value) in saved)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    /// <summary>
    /// The scenario's cluster as an API server shows it: namespaces shop, payments, search with Deployments frontend,
    /// checkout and api (2 replicas, revision 2 with revision 1 kept for rollbacks), nodes node-000..003, and the HPA
    /// that scales search/api. Returns the server and a kubeconfig pointing at it.
    /// </summary>
    public async Task<(FakeKubernetesApiServer Server, string KubeConfig)> StartClusterAsync()
    {
        var server = await FakeKubernetesApiServer.StartAsync();
        foreach (var ns in new[] { "shop", "payments", "search" })
        {
            server.Add(K8sFixtures.Namespace(ns));
            foreach (var name in new[] { "frontend", "checkout", "api" })
            {
                var spec = K8sObjects.Deployment(ns, name, replicas: 2, revision: 2);
                spec.Status.UpdatedReplicas = 2;
                spec.Status.AvailableReplicas = 2;
                var deployment = server.Add(spec);
                server.Add(K8sObjects.ReplicaSet(deployment, 1, "nginx:1.26", "5c8b"));
                var current = server.Add(K8sObjects.ReplicaSet(deployment, 2, "nginx:1.27", "6d4f"));
                server.Add(K8sObjects.Pod(ns, $"{name}-6d4f-x2v9q", "node-000", K8sObjects.Owner("apps/v1", "ReplicaSet", current.Metadata.Name, current.Metadata.Uid),
                    new Dictionary<string, string> { ["app"] = name, ["pod-template-hash"] = "6d4f" }));
            }
        }

        for (var i = 0; i < 4; i++)
        {
            server.Add(K8sObjects.Node($"node-00{i}"));
        }

        server.Add(K8sFixtures.Hpa("search", "api", "Deployment", "api", 2, 6));
        var kubeConfig = server.WriteKubeConfig(Path.Combine(_root, $"kubeconfig-{Guid.NewGuid():N}"), "scenario");
        return (server, kubeConfig);
    }

    /// <summary>Only reads and dry runs reached the API server.</summary>
    public static void AssertReadOnly(FakeKubernetesApiServer server)
    {
        Assert.NotEmpty(server.Requests);
        Assert.All(server.Requests, r => Assert.True(r.Verb is "get" or "list" || r.DryRun, $"not a read or a dry run: {r}"));
    }

    public static V1Deployment Deployment(FakeKubernetesApiServer server, string ns, string name) => server.Get<V1Deployment>(ns, name);
}
