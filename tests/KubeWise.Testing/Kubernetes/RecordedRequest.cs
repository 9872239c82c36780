namespace KubeWise.Testing.Kubernetes;

/// <summary>
/// One call the fake API server received, named the way RBAC names it
/// (verb, API group, resource, subresource), so tests can assert exactly which calls KubeWise makes.
/// </summary>
public sealed record RecordedRequest(
    string Verb,
    string Group,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    bool DryRun,
    string? PatchType,
    string? Body,
    string Query)
{
    /// <summary>The HTTP status the fake answered with.</summary>
    public int StatusCode { get; internal set; }

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Subresource is null ? "" : "/" + Subresource)} " +
        $"{Namespace}/{Name}{(DryRun ? " dryRun" : "")} -> {StatusCode}";
}

/// <summary>When an injected fault answers: before the request is handled, or after it was applied (a lost response).</summary>
public enum FaultTiming
{
    BeforeHandling,
    AfterHandling,
}

/// <summary>An injected error for the next <see cref="Remaining"/> requests that match.</summary>
public sealed class FaultRule(Func<RecordedRequest, bool> match, int count, int statusCode, int? retryAfterSeconds, FaultTiming timing)
{
    public Func<RecordedRequest, bool> Match { get; } = match;

    public int Remaining { get; internal set; } = count;

    public int StatusCode { get; } = statusCode;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public FaultTiming Timing { get; } = timing;
}
