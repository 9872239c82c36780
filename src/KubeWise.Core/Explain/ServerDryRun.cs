using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Explain;

/// <summary>
/// Sends an allowed command to the API server as a server-side dry run (<c>dryRun=All</c>) through the executor's own
/// operations: the same precondition, the same marked write and the same follow-up (scale, delete, evictions) the
/// executor sends before every apply, each with <c>dryRun=All</c>. The non-dry-run path is never called: nothing is applied.
/// </summary>
public sealed class ServerDryRun(IKubernetesClientFactory clients, TimeProvider time, IOptions<ExecutionOptions> options, ILogger<ServerDryRun> logger)
{
    public async Task<DryRunReport> RunAsync(RemediationCommand command, string anomalyId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var operation = RemediationOperations.For(command);
        var context = new OperationContext(clients.GetClient(), time, options.Value, anomalyId, operation.CommandHash, logger);
        DryRunReport report;
        try
        {
            var live = await ClusterObjects.FindAsync(context.Client, operation.Target, ct).ConfigureAwait(false);
            if (live is null)
            {
                report = new(DryRunOutcomes.Refused, $"{operation.Target} was not found; nothing was sent.", []);
            }
            else if (await operation.PreconditionAsync(context, live, ct).ConfigureAwait(false) is { } refusal)
            {
                report = new(DryRunOutcomes.Refused, refusal, []);
            }
            else
            {
                var validated = new ValidatedState(operation.Target, ClusterObjects.Uid(live), ClusterObjects.Generation(live),
                    [.. operation.Touches.Select(f => f.Capture(live))], time.GetUtcNow());
                await operation.WriteAsync(context, live, dryRun: true, ct).ConfigureAwait(false);
                var followUp = await operation.CompleteAsync(context, live, validated, dryRun: true, ct).ConfigureAwait(false);
                report = new(DryRunOutcomes.Passed, $"The API server accepted {operation.Command} as a dry run (dryRun=All); nothing was applied.", followUp.Notes);
            }
        }
        catch (RevalidationException e)
        {
            report = new(DryRunOutcomes.Refused, e.Message, []);
        }
        catch (KubernetesApiException e) when (!e.IsServerError && !e.IsTooManyRequests)
        {
            report = new(DryRunOutcomes.Failed, $"The API server rejected the dry run of {operation.Command}: {e.Status}", []);
        }
        catch (KubernetesApiException e)
        {
            report = new(DryRunOutcomes.Error, $"The API server could not answer the dry run of {operation.Command}: {e.Status}", []);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
        {
            report = new(DryRunOutcomes.Error, $"The API server could not be reached for the dry run of {operation.Command}: {e.Message}", []);
        }

        ExplainLog.DryRun(logger, operation.Command, anomalyId, report.Outcome, report.Message);
        return report;
    }
}
