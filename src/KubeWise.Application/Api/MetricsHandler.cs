using System.Globalization;
using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Events;
using KubeWise.Core.Metrics;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Application.Training;
using KubeWise.Core.Scanning;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using QueryCatalog = KubeWise.Core.Metrics.Catalog.QueryCatalog;

namespace KubeWise.Application.Api;

/// <summary>The seed's metrics endpoints: current metrics per entity, the active PromQL queries, and the models.</summary>
public sealed class MetricsHandler(
    MetricsSnapshotReader snapshots,
    QueryCatalog catalog,
    IEntityModelStore models,
    ModelTrainingStarter training,
    IOptions<DetectionOptions> detection,
    MetricDiscovery discovery,
    ProposedQuerySync aiQueries,
    IOptions<QueryProposalOptions> proposalOptions,
    IOptionsMonitor<ApiOptions> apiOptions)
{
    /// <summary>The current metrics of every entity, as the scan names entities (<see cref="MetricsSnapshotReader"/>).</summary>
    public async Task<ApiReply<MetricsReply>> GetMetricsAsync(CancellationToken ct)
    {
        var snapshot = await snapshots.ReadAsync(cancellationToken: ct).ConfigureAwait(false);
        var metrics = new SortedDictionary<string, MetricsEntity>(StringComparer.Ordinal);
        foreach (var entity in snapshot.Entities)
        {
            metrics[entity.Entity.ToString()] = new MetricsEntity(entity.Entity.Name, entity.Entity.TypeName, entity.Entity.NamespaceOrNull, [.. entity.Series.Select(s => new MetricSnapshot
            {
                Query = s.Query,
                Labels = s.Labels,
                Values = [.. s.Samples.Select(p => new MetricPoint(p.Timestamp.ToUnixTimeMilliseconds() / 1000.0, p.Value.ToString(CultureInfo.InvariantCulture)))],
            })]);
        }

        return new MetricsReply(metrics, [.. snapshot.Errors.Select(e => new QueryError(e.QueryId, e.Error))], snapshot.Unresolved);
    }

    public async Task<ApiReply<QueriesReply>> GetQueriesAsync(CancellationToken ct)
    {
        // A replica that just started has not scanned yet: show the accepted AI queries it will scan with.
        IReadOnlyList<ProposedQueryDecision> decisions = [];
        string? storeError = null;
        try
        {
            decisions = await aiQueries.SyncAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EventStoreException or System.Text.Json.JsonException)
        {
            storeError = $"The AI proposal decisions could not be read: {e.Message}";
        }

        var names = discovery.LastMetricNames;
        var accepted = decisions.Where(d => d.Accepted).GroupBy(d => d.Query.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var queries = catalog.Queries.Select(q =>
        {
            var decision = q.Origin == QueryOrigin.AiProposed ? accepted.GetValueOrDefault(q.Id) : null;
            return new QueryInfo(
                q.Id, q.Expression, q.Origin.ToString(), q.Description, q.IsFeature, q.RequiredMetrics, Tag(q.Origin),
                names is null ? null : q.RequiredMetrics.All(names.Contains),
                names is null ? null : [.. q.RequiredMetrics.Where(m => !names.Contains(m))],
                decision?.Query.EntityType, decision?.Reason, decision?.DecidedAt);
        }).ToList();
        var rejected = catalog.Rejected.Select(r => new RefusedQuery(r.Id, r.Expression, r.Problems, r.Origin.ToString(), Tag(r.Origin)))
            .Concat(decisions.Where(d => !d.Accepted).Select(d => new RefusedQuery(d.Query.Id, d.Query.Expression, [d.Reason], QueryOrigin.AiProposed.ToString(), ProposedQueryDecision.Tag)
            {
                Reason = d.Reason,
                EntityType = d.Query.EntityType,
                SeriesCount = d.SeriesCount,
                QueryMilliseconds = d.QueryMilliseconds,
                DecidedAt = d.DecidedAt,
            })).ToList();
        return new QueriesReply(queries, rejected,
            new AiProposalSummary(proposalOptions.Value.Enabled, accepted.Count, decisions.Count(d => !d.Accepted), storeError));
    }

    /// <summary>The origin as people name it: the seed's defaults, the operator's configuration, or the model.</summary>
    internal static string Tag(QueryOrigin origin) => origin switch
    {
        QueryOrigin.BuiltIn => "default",
        QueryOrigin.Configuration => "configured",
        QueryOrigin.AiProposed => ProposedQueryDecision.Tag,
        _ => origin.ToString().ToLowerInvariant(),
    };

    public async Task<ApiReply<ModelInfoReply>> GetModelInfoAsync(DurableTaskClient client, CancellationToken ct)
    {
        var list = new List<ModelInfo>();
        foreach (var type in Enum.GetValues<EntityType>())
        {
            try
            {
                var forest = await models.LoadAsync(type, ct).ConfigureAwait(false);
                var training = forest is null ? null : await models.LoadTrainingAsync(type, ct).ConfigureAwait(false);
                list.Add(new StoredModelInfo(type.ToString(), forest is not null, models.Describe(type),
                    forest?.TreeCount, forest?.SampleSize, forest?.FeatureCount,
                    training?.TrainedAt, training?.SampleCount, training?.HistoryFrom, training?.HistoryUntil));
            }
            catch (InvalidDataException e)
            {
                list.Add(new UnreadableModelInfo(type.ToString(), models.Describe(type), $"The stored model cannot be read: {e.Message}"));
            }
            catch (Exception e) when (e is ModelOfAnotherClusterException or ClusterIdentityUnavailableException)
            {
                list.Add(new UnreadableModelInfo(type.ToString(), models.Describe(type), e.Message));
            }
        }

        TrainingRun? run = null;
        string? trainingError = null;
        try
        {
            run = await training.GetAsync(client, ct).ConfigureAwait(false) is { } state ? RunOf(state) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            trainingError = $"The training run could not be read from the workflow host: {e.Message}";
        }

        return new ModelInfoReply(list, detection.Value.ScoreThreshold, detection.Value.MetricWindowSeconds, run) { TrainingError = trainingError };
    }

    /// <summary>
    /// Starts the cluster's training run in the background (202, Location: <c>model/info</c>, whose <c>training</c>
    /// follows it); while one is going, a second request joins it and gets the same answer and location.
    /// </summary>
    public async Task<ApiReply<TrainAccepted>> TrainAsync(ApiRequest request, DurableTaskClient client, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, apiOptions.CurrentValue.MaxBodyBytes, optional: true, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var (retrain, invalid) = TrainRequest.Read(body);
        if (retrain is null)
        {
            return invalid!;
        }

        ModelTrainingStart start;
        try
        {
            start = await training.StartAsync(client, new ModelTrainingRequest([.. retrain]), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ApiProblem.Unavailable($"The training run could not be started; nothing was trained: {e.Message}");
        }

        var location = Routes.Public(Routes.ModelInfo);
        return ApiReply<TrainAccepted>.Accepted(new TrainAccepted(
            "accepted",
            start.AlreadyRunning
                ? "A training run is already going; this request joins it (its options are not applied). Follow it in training of GET model/info."
                : "Training started in the background. Follow it in training of GET model/info.",
            start.InstanceId,
            start.Status.ToString(),
            start.AlreadyRunning,
            location), location);
    }

    private static TrainingRun RunOf(ModelTrainingState state) => new(
        state.InstanceId,
        state.Status.ToString(),
        state.CreatedAt,
        state.LastUpdatedAt,
        [.. (state.Request?.Retrain ?? []).Select(t => t.ToString())],
        state.Report is { Succeeded: true } report ? TrainReplyOf(report) : null,
        state.Report is { Failure: { } failure } ? $"No model was trained: {failure}" : state.Error);

    private static TrainReply TrainReplyOf(ModelTrainingReport report) => new(
        "success",
        $"{report.TrainedCount} model(s) trained ({report.Retrained.Count} retrained), {report.LoadedCount} already present.",
        [.. report.Models.Select(m => new TrainedModel(m.EntityType.ToString(), m.Source.ToString().ToLowerInvariant(), m.Detail))],
        report.Degraded,
        report.At,
        [.. report.Retrained.Select(t => t.ToString())],
        [.. report.NotMeasured.Select(t => t.ToString())]);
}
