using System.Text.Json.Nodes;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>
/// Applies one remediation safely: re-validates against the live object, dry-runs on the server, writes with the
/// resourceVersion as precondition and the <c>kubewise.io/applied</c> marker in the same write, records a Kubernetes
/// Event, and returns a result the event store can keep. Retries only where safe (<see cref="ExecutionRetry"/>).
/// </summary>
public sealed class RemediationExecutor(
    IKubernetesClientFactory clients,
    TimeProvider time,
    IOptions<ExecutionOptions> options,
    IEnumerable<IExecutionGuard> guards,
    ILogger<RemediationExecutor> logger)
{
    /// <summary>Reads what validation must remember about <paramref name="command"/>'s target: identity, generation, touched fields.</summary>
    public Task<ValidatedState> CaptureAsync(RemediationCommand command, CancellationToken ct = default) =>
        CaptureAsync(RemediationOperations.For(command), ct);

    /// <summary>Executes <paramref name="command"/> (one scale phase per call) after re-validating it against the live object.</summary>
    public Task<ExecutionResult> ExecuteAsync(RemediationCommand command, ExecutionRequest request, CancellationToken ct = default) =>
        ExecuteAsync(RemediationOperations.For(command), request, ct);

    /// <summary>Restores what the execution of <paramref name="command"/> changed, if it is still as KubeWise left it.</summary>
    public Task<RollbackResult> RollbackAsync(RemediationCommand command, ExecutionResult executed, CancellationToken ct = default) =>
        RollbackAsync(RemediationOperations.For(command), executed, ct);

    /// <summary>Reads what validation must remember: identity, generation and the touched fields as they are now.</summary>
    public async Task<ValidatedState> CaptureAsync(RemediationOperation operation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var live = await ClusterObjects.ReadAsync(clients.GetClient(), operation.Target, ct).ConfigureAwait(false);
        return new ValidatedState(operation.Target, ClusterObjects.Uid(live), ClusterObjects.Generation(live),
            operation.Touches.Select(f => f.Capture(live)).ToList(), time.GetUtcNow());
    }

    public async Task<ExecutionResult> ExecuteAsync(RemediationOperation operation, ExecutionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var run = new ExecutionRun(operation, request, Context(operation, request.AnomalyId), time.GetUtcNow());
        logger.LogExecuting(operation.Command, request.AnomalyId, operation.Target.ToString());
        var pipeline = ExecutionRetry.Build(options.Value, time, args =>
        {
            var error = args.Outcome.Exception as KubernetesApiException;
            run.Attempts.Add(new AttemptRecord(args.AttemptNumber + 1, time.GetUtcNow(), AttemptRecord.Retried, error?.Status ?? Transport(args.Outcome.Exception)));
            logger.LogRetrying(args.AttemptNumber + 1, operation.Command, error?.Code ?? 0, error?.Status.Reason ?? args.Outcome.Exception?.GetType().Name ?? "", args.RetryDelay);
        });

        ExecutionResult result;
        try
        {
            result = await pipeline.ExecuteAsync(async token => await AttemptAsync(run, token).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            result = run.Finish(ExecutionStatus.Failed, $"The API server refused {operation.Command} after {run.Attempts.Count} attempt(s): {e.Status}", time, e.Status);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException })
        {
            var status = Transport(e)!;
            result = run.Finish(ExecutionStatus.Failed, $"The API server could not be reached for {operation.Command}: {e.Message}", time, status);
        }

        logger.LogExecuted(operation.Command, request.AnomalyId, result.Status, result.Message);
        return result;
    }

    /// <summary>
    /// Restores exactly the fields <paramref name="executed"/> changed, and only while they still hold the values KubeWise
    /// wrote; otherwise leaves the object alone and says which fields someone else changed.
    /// </summary>
    public Task<RollbackResult> RollbackAsync(RemediationOperation operation, ExecutionResult executed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(executed);
        return new RollbackRun(operation, executed, Context(operation, executed.AnomalyId), time, options.Value, logger).RunAsync(ct);
    }

    /// <summary>
    /// Records on <paramref name="command"/>'s target a Warning Event saying its rollback could not be completed and
    /// KubeWise's values stay in place, so <c>kubectl describe</c> tells whoever looks next. Answers why it could not be
    /// recorded, or null.
    /// </summary>
    public async Task<string?> RecordRollbackFailedAsync(RemediationCommand command, ExecutionResult executed, string why, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(executed);
        var operation = RemediationOperations.For(command);
        try
        {
            return await ChangeEvents.RecordAsync(Context(operation, executed.AnomalyId), operation.Target, null, ChangeEvents.RollbackFailedReason,
                $"Rollback of {executed.Command} could not be completed ({why}); the values KubeWise wrote stay in place", executed.ApprovedBy, ct,
                warning: true).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or KubernetesNotConfiguredException)
        {
            return $"the Kubernetes Event could not be recorded: {e.Message}";
        }
    }

    private OperationContext Context(RemediationOperation operation, string anomalyId) =>
        new(clients.GetClient(), time, options.Value, anomalyId, operation.CommandHash, logger);

    private static ApiStatus? Transport(Exception? e) => e switch
    {
        HttpRequestException h => new ApiStatus(0, "ConnectionFailed", h.Message, []),
        TaskCanceledException { InnerException: TimeoutException } t => new ApiStatus(0, "Timeout", t.Message, []),
        _ => null,
    };

    private async Task<ExecutionResult> AttemptAsync(ExecutionRun run, CancellationToken ct)
    {
        var (operation, request, context) = (run.Operation, run.Request, run.Context);
        var validated = request.Validated;
        try
        {
            var live = await ClusterObjects.FindAsync(context.Client, operation.Target, ct).ConfigureAwait(false);
            var liveUid = live is null ? null : ClusterObjects.Uid(live);
            if (live is null || liveUid != validated.Uid)
            {
                if (run.WriteSent && operation.RemovesTarget)
                {
                    // An earlier attempt of this execution sent the change (a delete whose answer was lost).
                    return run.Finish(ExecutionStatus.Applied, $"{operation.Describe()} (confirmed after a retry).", time);
                }

                return run.Finish(ExecutionStatus.Refused, live is null
                    ? $"{operation.Target} (uid {validated.Uid}) no longer exists; nothing was changed."
                    : $"{operation.Target} was replaced since validation (uid {validated.Uid} is now {liveUid}); nothing was changed.", time);
            }

            if (ClusterObjects.Annotation(live, KubeWiseAnnotations.Applied) == context.Marker)
            {
                var resumed = await operation.CompleteAsync(context, live, validated, dryRun: false, ct).ConfigureAwait(false);
                run.Notes.AddRange(resumed.Notes);
                if (!resumed.Changed && !run.WriteSent)
                {
                    // A retried activity gets this result instead of the lost one: keep it roll-backable. The marker proves
                    // the write happened after re-validation, so the validated values are what it replaced.
                    run.Before = validated.Fields;
                    run.After = [.. operation.Touches.Select(f => f.Capture(live))];

                    // The run that wrote may have lost its answer before recording the Event. The Event's name is fixed
                    // per marker, so recording again adds nothing when it is there (AlreadyExists counts as done).
                    await RecordChangeEventAsync(run, live, ct).ConfigureAwait(false);
                    return run.Finish(ExecutionStatus.AlreadyApplied,
                        $"{operation.Target} already carries {KubeWiseAnnotations.Applied}={context.Marker}: this command was applied before; nothing was sent.", time);
                }

                return await FinishAppliedAsync(run, resumed, ct).ConfigureAwait(false);
            }

            var refusal = Revalidate(operation, validated, live)
                ?? await operation.PreconditionAsync(context, live, ct).ConfigureAwait(false)
                ?? await GuardsAsync(operation, request, live, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return run.Finish(ExecutionStatus.Refused, refusal, time);
            }

            run.Before = operation.Touches.Select(f => f.Capture(live)).ToList();
            try
            {
                await operation.WriteAsync(context, live, dryRun: true, ct).ConfigureAwait(false);
                var dry = await operation.CompleteAsync(context, live, validated, dryRun: true, ct).ConfigureAwait(false);
                run.DryRun = new DryRunOutcome(true, null, dry.Notes);
            }
            catch (KubernetesApiException e) when (!ExecutionRetry.IsTransient(e))
            {
                run.DryRun = new DryRunOutcome(false, e.Status, []);
                return run.Finish(ExecutionStatus.DryRunFailed, $"The server-side dry run of {operation.Command} was rejected: {e.Status}", time, e.Status);
            }

            FollowUpOutcome outcome;
            try
            {
                // Set before sending: a write whose answer is lost may still have been applied.
                run.WriteSent = true;
                var written = await operation.WriteAsync(context, live, dryRun: false, ct).ConfigureAwait(false);
                outcome = await operation.CompleteAsync(context, written, validated, dryRun: false, ct).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (!ExecutionRetry.IsTransient(e))
            {
                return run.Finish(ExecutionStatus.Failed, $"The API server refused {operation.Command}: {e.Status}", time, e.Status);
            }

            run.Notes.AddRange(outcome.Notes);
            return await FinishAppliedAsync(run, outcome, ct).ConfigureAwait(false);
        }
        catch (RevalidationException e)
        {
            return run.Finish(ExecutionStatus.Refused, e.Message, time);
        }
    }

    private async Task<ExecutionResult> FinishAppliedAsync(ExecutionRun run, FollowUpOutcome outcome, CancellationToken ct)
    {
        var (operation, context) = (run.Operation, run.Context);
        if (run.Before.Count == 0)
        {
            // Resumed from a marker: the follow-up acted only because the fields still held the validated values.
            run.Before = run.Request.Validated.Fields;
        }

        var after = await ClusterObjects.FindAsync(context.Client, operation.Target, ct).ConfigureAwait(false);
        run.After = after is null ? [] : operation.Touches.Select(f => f.Capture(after)).ToList();
        await RecordChangeEventAsync(run, after, ct).ConfigureAwait(false);
        return outcome.TimedOut
            ? run.Finish(ExecutionStatus.TimedOut, $"{operation.Describe()} did not finish in time; see notes.", time)
            : run.Finish(ExecutionStatus.Applied, $"{operation.Describe()}.", time);
    }

    private static async Task RecordChangeEventAsync(ExecutionRun run, JsonObject? item, CancellationToken ct)
    {
        var operation = run.Operation;
        var note = await ChangeEvents.RecordAsync(run.Context, operation.Target, item, ChangeEvents.RemediatedReason,
            $"{operation.Describe()} ({operation.Command})", run.Request.ApprovedBy, ct).ConfigureAwait(false);
        if (note is not null)
        {
            run.Notes.Add(note);
        }
    }

    /// <summary>Same generation and the touched fields as validated; resourceVersion is deliberately not compared.</summary>
    private static string? Revalidate(RemediationOperation operation, ValidatedState validated, JsonObject live)
    {
        var generation = ClusterObjects.Generation(live);
        if (validated.Generation is long expected && generation != expected)
        {
            return $"The spec of {operation.Target} changed since validation (metadata.generation {expected} is now {generation}); nothing was changed.";
        }

        var changed = new List<string>();
        foreach (var field in operation.Touches)
        {
            var was = validated.Fields.FirstOrDefault(f => f.Path == field.Text)?.Json;
            var now = field.Capture(live).Json;
            if (!JsonEquals(was, now))
            {
                changed.Add($"{field.Text} was {was ?? "unset"}, is now {now ?? "unset"}");
            }
        }

        return changed.Count == 0 ? null : $"{operation.Target} changed since validation: {string.Join("; ", changed)}; nothing was changed.";
    }

    private async Task<string?> GuardsAsync(RemediationOperation operation, ExecutionRequest request, JsonObject live, CancellationToken ct)
    {
        foreach (var guard in guards)
        {
            var refusal = await guard.CheckAsync(operation, request, live, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return null;
    }

    internal static bool JsonEquals(string? a, string? b) =>
        a is null || b is null ? a == b : JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));

    private sealed class ExecutionRun(RemediationOperation operation, ExecutionRequest request, OperationContext context, DateTimeOffset started)
    {
        public RemediationOperation Operation { get; } = operation;

        public ExecutionRequest Request { get; } = request;

        public OperationContext Context { get; } = context;

        public List<AttemptRecord> Attempts { get; } = [];

        public List<string> Notes { get; } = [];

        public bool WriteSent { get; set; }

        public IReadOnlyList<FieldValue> Before { get; set; } = [];

        public IReadOnlyList<FieldValue> After { get; set; } = [];

        public DryRunOutcome? DryRun { get; set; }

        public ExecutionResult Finish(string status, string message, TimeProvider time, ApiStatus? error = null)
        {
            Attempts.Add(new AttemptRecord(Attempts.Count + 1, time.GetUtcNow(), status, error));

            return new ExecutionResult(status, Operation.Name, Operation.Command, Context.CommandHash, Request.AnomalyId, Request.ApprovedBy,
                Operation.Target, Request.Validated.Uid, Operation.Reversible, Before, After, DryRun, error, message,
                Notes.Distinct().ToList(), Attempts.ToList(), started, time.GetUtcNow());
        }
    }
}
