using k8s;
using k8s.Exceptions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Kubernetes;

/// <summary>Hands out the Kubernetes client; throws <see cref="KubernetesNotConfiguredException"/> when there is no cluster.</summary>
public interface IKubernetesClientFactory
{
    IKubernetes GetClient();

    /// <summary>Where the configuration came from, e.g. <c>kubeconfig /home/me/.kube/config (context prod)</c>.</summary>
    string DescribeSource();
}

/// <summary>
/// Builds one client from <see cref="KubernetesOptions"/>. Unlike <c>KubernetesClientConfiguration.BuildDefaultConfig</c>
/// it never falls back to <c>http://localhost:8080</c>: an unconfigured cluster is an error that says what was tried.
/// </summary>
public sealed class KubernetesClientFactory(IOptions<KubernetesOptions> options, KubernetesEnvironment environment) : IKubernetesClientFactory, IDisposable
{
    private readonly Lock _gate = new();
    private k8s.Kubernetes? _client;
    private string? _source;

    public IKubernetes GetClient()
    {
        lock (_gate)
        {
            if (_client is null)
            {
                var (configuration, source) = BuildConfiguration();
                configuration.HttpClientTimeout = TimeSpan.FromSeconds(options.Value.RequestTimeoutSeconds);
                _client = new k8s.Kubernetes(configuration);
                _source = source;
            }

            return _client;
        }
    }

    public string DescribeSource()
    {
        lock (_gate)
        {
            return _source ?? BuildConfiguration().Source;
        }
    }

    public (KubernetesClientConfiguration Configuration, string Source) BuildConfiguration()
    {
        var settings = options.Value;
        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.KubeConfigPath))
        {
            return FromFile(settings.KubeConfigPath, "Kubernetes:KubeConfigPath");
        }

        if (settings.Source is "Auto" or "InCluster")
        {
            if (environment.IsInCluster)
            {
                return (KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account");
            }

            tried.Add($"in-cluster (KUBERNETES_SERVICE_HOST/PORT and {environment.ServiceAccountDirectory}/token not all present)");
            if (settings.Source == "InCluster")
            {
                throw NotConfigured(tried);
            }
        }

        var variable = environment.GetVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var existing = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
            if (existing is not null)
            {
                return FromFile(existing, "KUBECONFIG");
            }

            tried.Add($"KUBECONFIG={variable} (no such file)");
        }
        else
        {
            tried.Add("KUBECONFIG (unset)");
        }

        if (!string.IsNullOrEmpty(environment.HomeDirectory))
        {
            var home = Path.Combine(environment.HomeDirectory, ".kube", "config");
            if (File.Exists(home))
            {
                return FromFile(home, "~/.kube/config");
            }

            tried.Add($"{home} (no such file)");
        }

        tried.Add("Kubernetes:KubeConfigPath (unset)");
        throw NotConfigured(tried);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _client?.Dispose();
            _client = null;
        }
    }

    private (KubernetesClientConfiguration, string) FromFile(string path, string origin)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesNotConfiguredException(
                $"No Kubernetes cluster: the kubeconfig file {path} (from {origin}) does not exist. KubeWise does not fall back to localhost.");
        }

        var context = string.IsNullOrWhiteSpace(options.Value.Context) ? null : options.Value.Context;
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, currentContext: context);
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException)
        {
            // A malformed file surfaces as YamlDotNet's exception, a well-formed but unusable one as KubeConfigException.
            throw new KubernetesNotConfiguredException(
                $"No Kubernetes cluster: the kubeconfig {path} (from {origin}) cannot be used{(context is null ? "" : $" with context {context}")}: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(configuration.Host))
        {
            throw new KubernetesNotConfiguredException(
                $"No Kubernetes cluster: the kubeconfig {path} (from {origin}) names no server for its context. KubeWise does not fall back to localhost.");
        }

        return (configuration, $"kubeconfig {path} (from {origin}, context {configuration.CurrentContext ?? "(current)"}, server {configuration.Host})");
    }

    private static KubernetesNotConfiguredException NotConfigured(IEnumerable<string> tried) =>
        new("No Kubernetes cluster is configured. Tried: " + string.Join("; ", tried) +
            ". Set Kubernetes:KubeConfigPath (and Kubernetes:Context), set KUBECONFIG, or run in a cluster. KubeWise never falls back to localhost:8080.");
}
