using System.Security.Cryptography;
using System.Text;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Metrics;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

/// <summary>Where a cluster's identity came from, the most specific first.</summary>
public enum ClusterIdentitySource
{
    /// <summary>Prometheus's <c>cluster</c> external label.</summary>
    ExternalLabel,

    /// <summary>The UID of the <c>kube-system</c> namespace (kubeconfig or in-cluster account).</summary>
    KubeSystemUid,

    /// <summary>Nothing better: the Prometheus URL (a port-forward makes every cluster <c>http://localhost:9090</c>).</summary>
    PrometheusUrl,
}

/// <summary>
/// Which cluster a model belongs to. <see cref="Key"/> is recorded with every trained model and compared on load;
/// <see cref="Folder"/> names the per-cluster model folder in the data directory.
/// </summary>
public sealed record ClusterIdentity(ClusterIdentitySource Source, string Value)
{
    public string Key => $"{Prefix}:{Value}";

    /// <summary>A file-system-safe folder name: readable part plus a short hash of the whole key.</summary>
    public string Folder
    {
        get
        {
            var readable = new string([.. Value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('-');
            if (readable.Length > 40)
            {
                readable = readable[..40];
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..8];
            return $"{Prefix}-{readable}-{hash}";
        }
    }

    public override string ToString() => Source switch
    {
        ClusterIdentitySource.ExternalLabel => $"cluster \"{Value}\" (Prometheus external label)",
        ClusterIdentitySource.KubeSystemUid => $"the cluster whose kube-system namespace has UID {Value}",
        _ => $"the cluster behind Prometheus {Value} (no cluster label, no kubeconfig)",
    };

    private string Prefix => Source switch
    {
        ClusterIdentitySource.ExternalLabel => "cluster",
        ClusterIdentitySource.KubeSystemUid => "kube-system",
        _ => "prometheus",
    };
}

/// <summary>The identity could not be established now (Prometheus or the API server unreachable): no model is loaded or trained until it can.</summary>
public sealed class ClusterIdentityUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Tells which cluster this process scans.</summary>
public interface IClusterIdentityResolver
{
    /// <exception cref="ClusterIdentityUnavailableException">Prometheus or a configured API server could not be reached to tell.</exception>
    Task<ClusterIdentity> ResolveAsync(CancellationToken cancellationToken = default);

    /// <summary>The identity resolved so far, or null before the first resolution.</summary>
    ClusterIdentity? Current { get; }
}

/// <summary>
/// The <c>cluster</c> external label when Prometheus has one, else the kube-system namespace UID when a cluster is
/// configured, else the Prometheus URL. Resolved once per process: a cluster does not change identity. An answer that
/// says "not available here" (a Prometheus-compatible server without the config API, RBAC without namespaces/get)
/// moves on to the next source; an unreachable server is an error, not a reason to guess a different identity.
/// </summary>
public sealed class ClusterIdentityResolver(
    IPrometheusClient prometheus,
    IKubernetesClientFactory kubernetes,
    IOptions<PrometheusOptions> prometheusOptions) : IClusterIdentityResolver
{
    public const string ClusterLabel = "cluster";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ClusterIdentity? _current;

    public ClusterIdentity? Current => _current;

    public async Task<ClusterIdentity> ResolveAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _current ??= await ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ClusterIdentity> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var labels = await prometheus.ExternalLabelsAsync(cancellationToken).ConfigureAwait(false);
            if (labels.TryGetValue(ClusterLabel, out var cluster) && !string.IsNullOrWhiteSpace(cluster))
            {
                return new ClusterIdentity(ClusterIdentitySource.ExternalLabel, cluster);
            }
        }
        catch (Exception e) when (e is PrometheusUnavailableException or PrometheusTimeoutException)
        {
            throw new ClusterIdentityUnavailableException($"Prometheus could not be asked for its cluster label: {e.Message}", e);
        }
        catch (PrometheusException)
        {
            // No config API (Thanos, Mimir and others): no external labels to read.
        }

        IKubernetes? client = null;
        try
        {
            client = kubernetes.GetClient();
        }
        catch (KubernetesNotConfiguredException)
        {
        }

        if (client is not null)
        {
            try
            {
                var ns = await client.CoreV1.ReadNamespaceAsync("kube-system", cancellationToken: cancellationToken).ConfigureAwait(false);
                if (ns.Metadata?.Uid is { Length: > 0 } uid)
                {
                    return new ClusterIdentity(ClusterIdentitySource.KubeSystemUid, uid);
                }
            }
            catch (HttpOperationException e) when ((int)e.Response.StatusCode is 401 or 403 or 404)
            {
                // Not allowed to read namespaces: fall back to the URL, the same way every time.
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ClusterIdentityUnavailableException($"The API server could not be asked for the kube-system namespace: {e.Message}", e);
            }
        }

        return new ClusterIdentity(ClusterIdentitySource.PrometheusUrl, prometheusOptions.Value.Url.TrimEnd('/'));
    }
}
