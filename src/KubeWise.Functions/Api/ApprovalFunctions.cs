using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace KubeWise.Functions.Api;

/// <summary>Approve, reject and the seed's one-command remediate: the Durable client comes from the binding.</summary>
public sealed class ApprovalFunctions(ApprovalHandler handler)
{
    public const string ApproveName = ApiOperations.ApproveEvent;
    public const string RejectName = ApiOperations.RejectEvent;
    public const string RemediateName = ApiOperations.RemediateEvent;

    [Function(ApproveName)]
    public Task<IActionResult> ApproveAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Approve)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.ApproveAsync(FunctionReply.Request(req), client, id, cancellationToken));

    [Function(RejectName)]
    public Task<IActionResult> RejectAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Reject)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.RejectAsync(FunctionReply.Request(req), client, id, cancellationToken));

    [Function(RemediateName)]
    public Task<IActionResult> RemediateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.Remediate)] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        FunctionReply.Of(handler.RemediateAsync(FunctionReply.Request(req), client, id, cancellationToken));
}
