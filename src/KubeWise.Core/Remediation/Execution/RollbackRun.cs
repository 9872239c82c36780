using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Core.Kubernetes;
using Microsoft.Extensions.Logging;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// One rollback: a JSON patch that tests each touched field still holds what KubeWise wrote and puts back the value
/// from before, with the resourceVersion as precondition and the <c>kubewise.io/rolled-back</c> marker. The tests
/// make the check atomic on the server; the same check is made first on the client to say what changed.
/// </summary>
internal sealed class RollbackRun(
    RemediationOperation operation,
    ExecutionResult executed,
    OperationContext context,
    TimeProvider time,
    ExecutionOptions options,
    ILogger logger)
{
    private DryRunOutcome? _dryRun;

    public async Task<RollbackResult> RunAsync(CancellationToken ct)
    {
        if (!operation.Reversible || !executed.Reversible)
        {
            return Done(RollbackStatus.NotReversible, $"{operation.Name} is not reversible: {operation.Describe()} cannot be undone.");
        }

        if (!executed.Changed)
        {
            return Done(RollbackStatus.NothingToRollBack, $"The execution ended {executed.Status}; it changed nothing to restore.");
        }

        if (executed.After.Count == 0 && executed.Before.Count == 0)
        {
            return Done(RollbackStatus.NothingToRollBack, "The execution recorded no field values to restore.");
        }

        var pipeline = ExecutionRetry.Build(options, time, _ => { });
        RollbackResult result;
        try
        {
            result = await pipeline.ExecuteAsync(async token => await AttemptAsync(token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            result = Done(RollbackStatus.Failed, $"The API server refused the rollback: {e.Status}", error: e.Status);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
        {
            result = Done(RollbackStatus.Failed, $"The API server could not be reached for the rollback: {e.Message}");
        }

        logger.LogRolledBack(executed.Command, operation.Target.ToString(), result.Status, result.Message);
        return result;
    }

    private async Task<RollbackResult> AttemptAsync(CancellationToken ct)
    {
        var live = await ClusterObjects.FindAsync(context.Client, operation.Target, ct).ConfigureAwait(false);
        if (live is null || ClusterObjects.Uid(live) != executed.TargetUid)
        {
            return Done(RollbackStatus.LeftAlone, $"{operation.Target} (uid {executed.TargetUid}) no longer exists; nothing to restore.");
        }

        if (ClusterObjects.Annotation(live, KubeWiseAnnotations.RolledBack) == context.Marker)
        {
            // An earlier attempt restored it and its answer was lost: the Event may be missing too. Its name is fixed,
            // so recording it again adds nothing when it exists.
            var recorded = await ChangeEvents.RecordAsync(context, operation.Target, live, ChangeEvents.RolledBackReason,
                $"Rolled back: {operation.Describe()} ({executed.Command}) undone", executed.ApprovedBy, ct).ConfigureAwait(false);
            var already = $"{operation.Target} already carries {KubeWiseAnnotations.RolledBack}={context.Marker}; nothing was sent.";
            return Done(RollbackStatus.AlreadyRolledBack, recorded is null ? already : $"{already} ({recorded})");
        }

        var mismatches = new List<string>();
        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/metadata/resourceVersion", ["value"] = ClusterObjects.ResourceVersion(live) });
        foreach (var field in operation.Touches)
        {
            var wrote = executed.After.FirstOrDefault(f => f.Path == field.Text)?.Json;
            var now = field.Capture(live).Json;
            if (!RemediationExecutor.JsonEquals(wrote, now))
            {
                mismatches.Add($"{field.Text} is {now ?? "unset"}, KubeWise wrote {wrote ?? "unset"}");
                continue;
            }

            var pointer = field.Pointer(live);
            if (pointer is null)
            {
                mismatches.Add($"{field.Text} cannot be located any more");
                continue;
            }

            if (wrote is not null)
            {
                patch.Add(new JsonObject { ["op"] = "test", ["path"] = pointer, ["value"] = JsonNode.Parse(wrote) });
            }

            var before = executed.Before.FirstOrDefault(f => f.Path == field.Text)?.Json;
            if (before is null)
            {
                if (now is not null)
                {
                    patch.Add(new JsonObject { ["op"] = "remove", ["path"] = pointer });
                }
            }
            else
            {
                patch.Add(new JsonObject { ["op"] = "add", ["path"] = pointer, ["value"] = JsonNode.Parse(before) });
            }
        }

        if (mismatches.Count > 0)
        {
            return Done(RollbackStatus.LeftAlone,
                $"{operation.Target} was changed by someone else since KubeWise wrote it; left as it is: {string.Join("; ", mismatches)}.",
                mismatches: mismatches);
        }

        patch.Add(live["metadata"]?["annotations"] is JsonObject
            ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations/" + KubeWiseAnnotations.RolledBack.Replace("/", "~1", StringComparison.Ordinal), ["value"] = context.Marker }
            : new JsonObject { ["op"] = "add", ["path"] = "/metadata/annotations", ["value"] = new JsonObject { [KubeWiseAnnotations.RolledBack] = context.Marker } });

        try
        {
            await ClusterObjects.PatchAsync(context.Client, operation.Target, patch, V1Patch.PatchType.JsonPatch, dryRun: true, ct).ConfigureAwait(false);
            _dryRun = new DryRunOutcome(true, null, []);
        }
        catch (KubernetesApiException e) when (!ExecutionRetry.IsTransient(e))
        {
            _dryRun = new DryRunOutcome(false, e.Status, []);
            return Done(RollbackStatus.Failed, $"The server-side dry run of the rollback was rejected: {e.Status}", error: e.Status);
        }

        JsonObject restored;
        try
        {
            restored = await ClusterObjects.PatchAsync(context.Client, operation.Target, patch, V1Patch.PatchType.JsonPatch, dryRun: false, ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.Code == 422)
        {
            // A "test" failed between our read and the write: someone changed the field. Re-read and report.
            throw new KubernetesApiException(e.Status with { Code = 409, Reason = "Conflict" }, null, e);
        }

        var note = await ChangeEvents.RecordAsync(context, operation.Target, restored, ChangeEvents.RolledBackReason,
            $"Rolled back: {operation.Describe()} ({executed.Command}) undone", executed.ApprovedBy, ct).ConfigureAwait(false);
        var message = operation.Name == "drain_node"
            ? $"Uncordoned {operation.Target}; pods evicted by the drain are not brought back."
            : $"Restored {string.Join(", ", operation.Touches.Select(t => t.Text))} of {operation.Target}.";
        return Done(RollbackStatus.RolledBack, note is null ? message : $"{message} ({note})", restored: executed.Before);
    }

    private RollbackResult Done(string status, string message, IReadOnlyList<FieldValue>? restored = null,
        IReadOnlyList<string>? mismatches = null, ApiStatus? error = null) =>
        new(status, operation.Target, message, restored ?? [], mismatches ?? [], _dryRun, error, time.GetUtcNow());
}
