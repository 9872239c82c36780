using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>The seed's metrics endpoints: current metrics per entity, the active PromQL queries, and the models.</summary>
public sealed class MetricsFunctions(MetricsHandler handler)
{
    public const string MetricsName = "GetMetrics";
    public const string QueriesName = "GetMetricQueries";
    public const string ModelInfoName = "GetModelInfo";
    public const string TrainName = "TrainModel";

    [Function(MetricsName)]
    [ApiDoc("Current metrics from Prometheus, grouped by entity, over the detection window")]
    public Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Metrics)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetMetricsAsync(cancellationToken));

    [Function(QueriesName)]
    [ApiDoc("The PromQL query catalog with each query's origin (default, configured, ai) and whether its metrics exist; configured and AI-proposed queries that were refused, with the reasons")]
    public Task<IActionResult> GetQueriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.MetricsQueries)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetQueriesAsync(cancellationToken));

    [Function(ModelInfoName)]
    [ApiDoc("The anomaly models (one isolation forest per entity type): whether each is trained, its size and the threshold")]
    public Task<IActionResult> GetModelInfoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ModelInfo)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetModelInfoAsync(cancellationToken));

    [Function(TrainName)]
    [ApiDoc("Train, from Prometheus history, the model of every entity type that has none; with force (or entity_types) retrain existing models too", Body = ApiDocBody.Train)]
    public Task<IActionResult> TrainAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ModelTrain)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.TrainAsync(FunctionReply.Request(req), cancellationToken));
}
