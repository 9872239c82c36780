using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace KubeWise.Functions.Api;

/// <summary>The seed's metrics endpoints: current metrics per entity, the active PromQL queries, and the models.</summary>
public sealed class MetricsFunctions(MetricsHandler handler)
{
    public const string MetricsName = ApiOperations.GetMetrics;
    public const string QueriesName = ApiOperations.GetMetricQueries;
    public const string ModelInfoName = ApiOperations.GetModelInfo;
    public const string TrainName = ApiOperations.TrainModel;

    [Function(MetricsName)]
    public Task<IActionResult> GetMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.Metrics)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetMetricsAsync(cancellationToken));

    [Function(QueriesName)]
    public Task<IActionResult> GetQueriesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.MetricsQueries)] HttpRequest req,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetQueriesAsync(cancellationToken));

    [Function(ModelInfoName)]
    public Task<IActionResult> GetModelInfoAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.ModelInfo)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.GetModelInfoAsync(client, cancellationToken));

    [Function(TrainName)]
    public Task<IActionResult> TrainAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ModelTrain)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.TrainAsync(FunctionReply.Request(req), client, cancellationToken));
}
