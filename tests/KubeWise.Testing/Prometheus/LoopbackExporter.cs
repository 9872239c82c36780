using System.Collections.Concurrent;
using System.Text;
using KubeWise.Testing.Prometheus.Synthetic;
using Microsoft.AspNetCore.Http;

namespace KubeWise.Testing.Prometheus;

/// <summary>
/// A loopback <c>/metrics</c> endpoint in the Prometheus text format whose values a test changes while Prometheus scrapes it.
/// It serves the gauges set with <see cref="Set"/> and, optionally, a synthetic cluster evaluated at the current time.
/// </summary>
public sealed class LoopbackExporter : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _values = new();
    private readonly ConcurrentDictionary<string, (MetricType Type, string Help)> _descriptions = new();
    private LoopbackHttpServer? _server;
    private volatile Func<string>? _cluster;
    private int _scrapes;

    public Uri Url => _server?.Url ?? throw new InvalidOperationException("The exporter has not started.");

    /// <summary>host:port for a scrape config.</summary>
    public string Target => _server?.HostPort ?? throw new InvalidOperationException("The exporter has not started.");

    /// <summary>How many times <c>/metrics</c> was read.</summary>
    public int Scrapes => Volatile.Read(ref _scrapes);

    public static async Task<LoopbackExporter> StartAsync()
    {
        var exporter = new LoopbackExporter();
        exporter._server = await LoopbackHttpServer.StartAsync(exporter.HandleAsync).ConfigureAwait(false);
        return exporter;
    }

    /// <summary>
    /// Declares a metric's type and help (shown by <c>/api/v1/metadata</c>); undeclared metrics are untyped. Name it as the text
    /// format does: the sample name for gauges and counters (<c>jobs_total</c>), the base name for histograms.
    /// </summary>
    public void Describe(string name, MetricType type, string help) => _descriptions[name] = (type, help);

    /// <summary>Sets a sample (the full sample name, e.g. <c>jobs_processed_total</c> for a counter).</summary>
    public void Set(string name, double value, params (string Name, string Value)[] labels) => _values[(name, LabelText.Of(labels))] = value;

    /// <summary>Removes a sample: Prometheus marks the series stale at the next scrape.</summary>
    public void Remove(string name, params (string Name, string Value)[] labels) => _values.TryRemove((name, LabelText.Of(labels)), out _);

    /// <summary>Also serves <paramref name="cluster"/>'s series at <paramref name="clock"/>'s time on every scrape (null to stop).</summary>
    public void Serve(SyntheticCluster? cluster, TimeProvider? clock = null)
    {
        if (cluster is null)
        {
            _cluster = null;
            return;
        }

        var families = cluster.Families();
        var time = clock ?? TimeProvider.System;
        _cluster = () =>
        {
            var writer = new StringWriter();
            ExpositionWriter.WriteText(families, cluster.TimeAt(time.GetUtcNow()), writer);
            return writer.ToString();
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/metrics")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        Interlocked.Increment(ref _scrapes);
        var body = new StringBuilder();
        // Samples of one family must be contiguous, under one HELP/TYPE header.
        foreach (var group in _values.GroupBy(v => FamilyOf(v.Key.Name)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (_descriptions.TryGetValue(group.Key, out var description))
            {
                body.Append("# HELP ").Append(group.Key).Append(' ').Append(description.Help).Append('\n');
                body.Append("# TYPE ").Append(group.Key).Append(' ').Append(description.Type.ToString().ToLowerInvariant()).Append('\n');
            }

            foreach (var sample in group.OrderBy(s => s.Key.Name, StringComparer.Ordinal))
            {
                body.Append(sample.Key.Name).Append(sample.Key.Labels == "{}" ? string.Empty : sample.Key.Labels)
                    .Append(' ').Append(ExpositionWriter.FormatValue(sample.Value)).Append('\n');
            }
        }

        if (_cluster is { } cluster)
        {
            body.Append(cluster());
        }

        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await context.Response.WriteAsync(body.ToString()).ConfigureAwait(false);
    }

    private string FamilyOf(string sampleName)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && _descriptions.TryGetValue(sampleName[..^suffix.Length], out var d) && d.Type == MetricType.Histogram)
            {
                return sampleName[..^suffix.Length];
            }
        }

        return sampleName;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
