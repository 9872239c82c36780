using System.Collections.Concurrent;
using System.Collections.Immutable;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;
using KubeWise.Core.Detection.Forest;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Core.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Scanning;

/// <summary>
/// One scan: discover → <c>query_range</c> over the window → entities → features → detectors and forest → anomalies
/// with their explanations. Missing models are trained from history first. A cycle never throws (except when its
/// caller cancels it): a failing query, detector or training is recorded in <see cref="ScanReport.Degraded"/>, and when
/// nothing could be judged at all the report says why in <see cref="ScanReport.Failure"/>.
/// </summary>
public sealed partial class ScanCycle
{
    private static readonly EntityType[] WorkloadTypes = [EntityType.Deployment, EntityType.StatefulSet, EntityType.DaemonSet, EntityType.Job, EntityType.CronJob];

    private readonly IPrometheusClient _client;
    private readonly MetricDiscovery _discovery;
    private readonly DetectionEngine _engine;
    private readonly FeatureExtractor _extractor;
    private readonly IEntityModelStore _store;
    private readonly ScanOptions _options;
    private readonly DetectionOptions _detection;
    private readonly PrometheusOptions _prometheus;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ImmutableDictionary<EntityType, IsolationForest> _models = ImmutableDictionary<EntityType, IsolationForest>.Empty;
    private readonly SemaphoreSlim _training = new(1, 1);
    private readonly ConcurrentDictionary<EntityType, (DateTimeOffset At, string Reason)> _untrainable = new();

    public ScanCycle(
        IPrometheusClient client,
        MetricDiscovery discovery,
        DetectionEngine engine,
        FeatureExtractor extractor,
        IEntityModelStore store,
        IOptions<ScanOptions> options,
        IOptions<DetectionOptions> detection,
        IOptions<PrometheusOptions> prometheus,
        TimeProvider time,
        ILogger<ScanCycle> logger)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _discovery = discovery ?? throw new ArgumentNullException(nameof(discovery));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _extractor = extractor ?? throw new ArgumentNullException(nameof(extractor));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _detection = detection?.Value ?? throw new ArgumentNullException(nameof(detection));
        _prometheus = prometheus?.Value ?? throw new ArgumentNullException(nameof(prometheus));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// The models cycles score with now (read from the store, or trained). Freshly trained models replace the old ones
    /// all at once when their training ends, so a cycle never scores with a partial set or without a model it had.
    /// </summary>
    public IReadOnlyDictionary<EntityType, IsolationForest> Models => Volatile.Read(ref _models);

    public async Task<ScanReport> RunAsync(ScanRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ScanRequest();
        var at = request.At ?? _time.GetUtcNow();
        var window = request.Window ?? TimeSpan.FromSeconds(_detection.MetricWindowSeconds);
        var degraded = new List<string>();
        var requests = new RequestCounter();
        var progress = new ProgressTracker(request.Progress, "scan", _time);
        try
        {
            DiscoveryResult discovery;
            try
            {
                progress.Report($"finding which metrics {_prometheus.Url} has", timeout: TimeSpan.FromSeconds(_prometheus.TimeoutSeconds));
                discovery = await _discovery.DiscoverAsync(at, cancellationToken).ConfigureAwait(false);
                requests.Add(discovery.FromCache ? 0 : 1);
            }
            catch (PrometheusException e)
            {
                return Failed(at, window, Unreachable(e), requests, degraded);
            }

            progress.Report($"querying the last {window.TotalMinutes:0.#} min", 0, discovery.Active.Count, TimeSpan.FromSeconds(_prometheus.TimeoutSeconds));
            var fetched = await FetchAsync(discovery.Active, at - window, at, request.Namespaces, requests, degraded, cancellationToken, request.Since).ConfigureAwait(false);
            if (fetched.Unreachable is { } unreachable)
            {
                return Failed(at, window, Unreachable(unreachable), requests, degraded);
            }

            if (fetched.Succeeded == 0)
            {
                return Failed(at, window, discovery.Active.Count == 0
                    ? $"Prometheus at {_prometheus.Url} has none of the metrics the catalog needs (kube-state-metrics, cAdvisor, node-exporter, API server)."
                    : "every query failed", requests, degraded);
            }

            var windows = fetched.Builder.Build();
            if (request.Since is null)
            {
                // A verification scan judges only what followed the fix: its states start no earlier than Since.
                windows = await OnsetsAsync(windows, discovery.Active, at - window, at, request.Namespaces, requests, degraded, cancellationToken).ConfigureAwait(false);
            }

            windows = await BaselinesAsync(windows, discovery.Active, fetched.Owners, at - window, request.Namespaces, requests, degraded, progress, cancellationToken).ConfigureAwait(false);

            var schemas = Schemas(discovery.Active, windows);
            var training = new RequestCounter();
            var (models, statuses) = await ModelsAsync(schemas, discovery.Active, request, at, window, training, degraded, cancellationToken).ConfigureAwait(false);

            DetectionResult result;
            try
            {
                progress.Report("judging entities", 0, windows.Count);
                result = _engine.Detect(windows, models);
            }
#pragma warning disable CA1031 // The cycle reports a broken detection pass instead of throwing into the timer.
            catch (Exception e)
#pragma warning restore CA1031
            {
                degraded.Add($"[detection] error: {e.Message}");
                return Failed(at, window, $"detection failed: {e.Message}", requests, degraded);
            }

            degraded.AddRange(result.DetectorErrors.Select(e => e.ToString()));
            var (anomalies, suppressed) = SuppressAutoscaling(result, windows, fetched.Builder);
            var report = new ScanReport
            {
                At = at,
                Window = window,
                Anomalies = anomalies,
                Suppressed = suppressed,
                Entities = [.. windows.Select(w => w.Entity)],
                ActiveQueries = discovery.Active,
                InactiveQueries = discovery.Inactive,
                Degraded = degraded,
                Models = statuses,
                Requests = requests.Count,
                TrainingRequests = training.Count,
                UnresolvedSeries = fetched.Builder.Unresolved,
            };
            ScanLog.CycleCompleted(_logger, at, report.Entities.Count, report.Anomalies.Count, report.Requests, degraded.Count);
            return report;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One cycle never throws: whatever broke is reported, and the next cycle starts afresh.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Failed(at, window, $"scan cycle failed: {e.Message}", requests, degraded);
        }
    }

    private ScanReport Failed(DateTimeOffset at, TimeSpan window, string reason, RequestCounter requests, List<string> degraded)
    {
        ScanLog.CycleFailed(_logger, at, reason);
        return new ScanReport { At = at, Window = window, Failure = reason, Degraded = degraded, Requests = requests.Count };
    }

    // An unavailable Prometheus's message already names the server and what failed ("Prometheus at … is unreachable …").
    private string Unreachable(PrometheusException e) => e is PrometheusUnavailableException
        ? e.Message
        : $"Prometheus at {_prometheus.Url} refused the request: {e.Message}";

    private TimeSpan RateWindow => _options.RateWindowSeconds > 0
        ? TimeSpan.FromSeconds(_options.RateWindowSeconds)
        : TimeSpan.FromSeconds(Math.Max(60, 4 * _prometheus.ScrapeIntervalSeconds));

    /// <summary>Runs the owner queries (instant) and the signal queries (range) of <paramref name="active"/>, a few at a time.</summary>
    private async Task<Fetched> FetchAsync(
        IReadOnlyList<CatalogQuery> active, DateTimeOffset start, DateTimeOffset end, IReadOnlyList<string> namespaces,
        RequestCounter requests, List<string> degraded, CancellationToken cancellationToken, DateTimeOffset? since = null)
    {
        var needsPods = active.Any(q => q.Target is QueryTarget.Pod or QueryTarget.Auto && !BuiltInQueries.ResolutionQueries.Contains(q.Id));
        var toRun = active.Where(q => q.Id != BuiltInQueries.PodOwnerMap || needsPods).ToList();
        var span = end - start;
        var step = TimeSpan.FromSeconds(Math.Max(_prometheus.ScrapeIntervalSeconds, Math.Ceiling(span.TotalSeconds / 10_000)));
        using var gate = new SemaphoreSlim(_options.QueryConcurrency);
        var tasks = toRun.Select(async query =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                requests.Add(1);
                var text = query.Render(namespaces, RateWindow, span + EntityFactsReader.Staleness);
                var result = query.Instant
                    ? await _client.QueryAsync(text, end, cancellationToken).ConfigureAwait(false)
                    : await _client.QueryRangeAsync(text, start, end, step, cancellationToken).ConfigureAwait(false);
                return (Query: query, Result: result, Error: (PrometheusException?)null);
            }
            catch (PrometheusException e)
            {
                return (Query: query, Result: (PrometheusQueryResult?)null, Error: e);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var outcomes = await Task.WhenAll(tasks).ConfigureAwait(false);

        var owners = new OwnerMap();
        var builder = new EntityWindowBuilder(owners, namespaces, end, since);
        var succeeded = 0;
        PrometheusException? unreachable = null;
        foreach (var (query, result, error) in outcomes.Where(o => BuiltInQueries.ResolutionQueries.Contains(o.Query.Id)).Concat(outcomes.Where(o => !BuiltInQueries.ResolutionQueries.Contains(o.Query.Id))))
        {
            if (error is not null)
            {
                ScanLog.QueryFailed(_logger, query.Id, error.Message);
                degraded.Add($"[{query.Id}] error: {error.Message}");
                unreachable ??= error as PrometheusUnavailableException;
                continue;
            }

            if (result!.HasWarnings)
            {
                degraded.Add($"[{query.Id}] warning: {string.Join("; ", result.Warnings)}");
            }

            if (!owners.TryAdd(query.Id, result))
            {
                builder.Add(query, result);
                succeeded++;
            }
        }

        // Every query failing for want of a connection is an outage, not a degraded cycle.
        var allUnreachable = outcomes.Length > 0 && outcomes.All(o => o.Error is PrometheusUnavailableException);
        return new Fetched(builder, succeeded, allUnreachable ? unreachable : null) { Owners = owners };
    }

    private static Dictionary<EntityType, FeatureSchema> Schemas(IReadOnlyList<CatalogQuery> active, IReadOnlyList<EntityWindow> windows)
    {
        var schemas = new Dictionary<EntityType, FeatureSchema>();
        foreach (var type in windows.Select(w => w.Entity.Type).Distinct())
        {
            var metrics = active
                .Where(q => q.IsFeature && q.SplitLabels.Count == 0 && Applies(q.Target, type))
                .Select(q => new MetricDescriptor(q.Id, q.Kind))
                .ToList();
            if (metrics.Count > 0)
            {
                schemas[type] = new FeatureSchema(type, metrics);
            }
        }

        return schemas;
    }

    private static bool Applies(QueryTarget target, EntityType type) => target switch
    {
        QueryTarget.Workload => WorkloadTypes.Contains(type),
        QueryTarget.Deployment => type == EntityType.Deployment,
        QueryTarget.Node => type == EntityType.Node,
        QueryTarget.ControlPlane => type == EntityType.ControlPlane,
        _ => true,
    };

    private sealed record Fetched(EntityWindowBuilder Builder, int Succeeded, PrometheusException? Unreachable)
    {
        public OwnerMap Owners { get; init; } = new();
    }

    private sealed class RequestCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int n) => Interlocked.Add(ref _count, n);
    }
}
