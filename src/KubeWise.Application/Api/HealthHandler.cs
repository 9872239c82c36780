using System.Reflection;
using k8s;
using KubeWise.Core.Analysis.Gemini;
using KubeWiseWorkerOptions = KubeWise.Core.Configuration.WorkerOptions;
using KubeWise.Core.Events;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Metrics;
using KubeWise.Core.Incidents;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Api;

/// <summary>
/// The seed's <c>GET /api/v1/health</c>: API, MongoDB (the event store in use), Prometheus, Kubernetes, Gemini API and
/// Worker, each checked with a short timeout so a hung dependency cannot hang the probe. Anonymous: it names no workload.
/// </summary>
public sealed class HealthHandler(
    IEventStore store,
    IPrometheusClient prometheus,
    IKubernetesClientFactory kubernetes,
    GeminiHealth gemini,
    IncidentBookStore incidents,
    IOptions<PrometheusOptions> prometheusOptions,
    IOptions<KubeWiseWorkerOptions> worker,
    TimeProvider time)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public async Task<ApiReply<HealthReply>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new (string Name, Func<CancellationToken, Task<ServiceHealth>> Check)[]
        {
            ("MongoDB", CheckStoreAsync),
            ("Prometheus", CheckPrometheusAsync),
            ("Kubernetes", CheckKubernetesAsync),
            ("Gemini API", CheckGeminiAsync),
            ("Worker", CheckWorkerAsync),
        };
        var results = await Task.WhenAll(checks.Select(c => RunAsync(c.Check, cancellationToken)));
        var services = new Dictionary<string, ServiceHealth> { ["API"] = new("healthy", "API is operational") };
        for (var i = 0; i < checks.Length; i++)
        {
            services[checks[i].Name] = results[i];
        }

        var status = services.Values.All(s => s.Status is "healthy" or "disabled") ? "healthy" : "degraded";
        return new HealthReply(status, Version, services, time.GetUtcNow());
    }

    private static string Version =>
        typeof(HealthHandler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static async Task<ServiceHealth> RunAsync(Func<CancellationToken, Task<ServiceHealth>> check, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(CheckTimeout);
        try
        {
            return await check(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new("unhealthy", $"No answer within {CheckTimeout.TotalSeconds:0} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new("unhealthy", e.Message);
        }
    }

    private async Task<ServiceHealth> CheckStoreAsync(CancellationToken ct)
    {
        var health = await store.CheckHealthAsync(ct).ConfigureAwait(false);
        return new(health.Healthy ? "healthy" : "unhealthy", $"{health.Store}: {health.Message}");
    }

    private async Task<ServiceHealth> CheckPrometheusAsync(CancellationToken ct)
    {
        await prometheus.QueryAsync("vector(1)", cancellationToken: ct).ConfigureAwait(false);
        return new("healthy", $"Connected to Prometheus at {prometheusOptions.Value.Url}");
    }

    private async Task<ServiceHealth> CheckKubernetesAsync(CancellationToken ct)
    {
        try
        {
            var nodes = await kubernetes.GetClient().CoreV1.ListNodeAsync(limit: 500, cancellationToken: ct).ConfigureAwait(false);
            return new("healthy", $"Connected to Kubernetes cluster with {nodes.Items.Count} nodes");
        }
        catch (KubernetesNotConfiguredException e)
        {
            return new("disabled", $"No cluster is configured; fixes stay suggestions. {e.Message}");
        }
    }

    private async Task<ServiceHealth> CheckGeminiAsync(CancellationToken ct)
    {
        var health = await gemini.CheckAsync(ct).ConfigureAwait(false);
        return new(health.Status, health.Message);
    }

    private async Task<ServiceHealth> CheckWorkerAsync(CancellationToken ct)
    {
        var last = await incidents.LastSuccessfulCycleAsync(ct).ConfigureAwait(false);
        if (last is null)
        {
            return new("unhealthy", "No scan cycle has completed yet.");
        }

        var age = time.GetUtcNow() - last.Value;
        var allowed = TimeSpan.FromSeconds(Math.Max(worker.Value.SleepIntervalSeconds, 30) * 3);
        return age <= allowed
            ? new("healthy", $"Worker process running normally; last cycle {age.TotalSeconds:0} s ago")
            : new("unhealthy", $"The last scan cycle completed {age.TotalMinutes:0.#} min ago (expected every {worker.Value.SleepIntervalSeconds} s).");
    }
}
