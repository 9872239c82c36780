namespace KubeWise.Core.Events;

/// <summary>
/// One compare-and-set change to a stored event: it applies only when the event still has
/// <see cref="ExpectedStatus"/> and <see cref="ExpectedVersion"/>. Fields left null are kept; lists are appended to.
/// </summary>
public sealed record EventChange
{
    public required string AnomalyId { get; init; }

    public required AnomalyStatus ExpectedStatus { get; init; }

    public required long ExpectedVersion { get; init; }

    /// <summary>The status to move to; null keeps the status (e.g. a second attempt while Remediating).</summary>
    public AnomalyStatus? NewStatus { get; init; }

    /// <summary>Who made the change (user name, <c>orchestrator</c>, <c>worker</c>…); recorded in the audit trail.</summary>
    public required string Actor { get; init; }

    public string? Comment { get; init; }

    public string? OrchestrationInstanceId { get; init; }

    public IReadOnlyList<EvidenceItem>? AddEvidence { get; init; }

    public AiAnalysis? Analysis { get; init; }

    public AnalyzerInfo? Analyzer { get; init; }

    /// <summary>Model exchanges to add to the event's record (the oldest beyond <see cref="AnomalyEvent.MaxModelExchanges"/> are dropped).</summary>
    public IReadOnlyList<ModelExchange>? AddModelExchanges { get; init; }

    /// <summary>Replaces the suggested commands (a new analysis supersedes the old suggestion).</summary>
    public IReadOnlyList<string>? SuggestedCommands { get; init; }

    /// <summary>The catalog commands among <see cref="SuggestedCommands"/>, as data.</summary>
    public IReadOnlyList<SuggestedCommand>? TypedCommands { get; init; }

    /// <summary>Replaces the record of proposals (a new analysis supersedes the old one).</summary>
    public IReadOnlyList<ProposalRecord>? Proposals { get; init; }

    public ApprovalDecision? Decision { get; init; }

    public RemediationAttempt? Attempt { get; init; }

    public VerificationResult? Verification { get; init; }

    public RollbackRecord? Rollback { get; init; }

    /// <summary>The verification window to store beside the detection window (see <see cref="EventSeries"/>).</summary>
    public SeriesWindow? VerificationSeries { get; init; }

    /// <summary>
    /// Something that happened to the event's remediation without changing a field (e.g. <c>execution paused</c>),
    /// recorded as the audit entry's action so the trail tells the whole story.
    /// </summary>
    public string? Note { get; init; }

    /// <summary>The event after this change, stamped at <paramref name="now"/>.</summary>
    /// <exception cref="EventConflictException">The event no longer has the expected status or version.</exception>
    /// <exception cref="InvalidStatusTransitionException">The state machine refuses the status change.</exception>
    public AnomalyEvent ApplyTo(AnomalyEvent current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.Status != ExpectedStatus || current.Version != ExpectedVersion)
        {
            throw new EventConflictException(current.AnomalyId, ExpectedStatus, ExpectedVersion, current.Status, current.Version);
        }

        var parts = Describe();
        if (NewStatus is { } to && to != current.Status)
        {
            AnomalyStateMachine.EnsureCanMove(current.AnomalyId, current.Status, to);
        }

        var version = current.Version + 1;
        return current with
        {
            Status = NewStatus ?? current.Status,
            Version = version,
            UpdatedAt = now,
            OrchestrationInstanceId = OrchestrationInstanceId ?? current.OrchestrationInstanceId,
            Evidence = AddEvidence is null ? current.Evidence : [.. current.Evidence, .. AddEvidence],
            AiAnalysis = Analysis ?? current.AiAnalysis,
            Analyzer = Analyzer ?? current.Analyzer,
            ModelExchanges = AddModelExchanges is not { Count: > 0 } ? current.ModelExchanges
                : [.. (current.ModelExchanges ?? []).Concat(AddModelExchanges).TakeLast(AnomalyEvent.MaxModelExchanges)],
            SuggestedRemediationCommands = SuggestedCommands ?? current.SuggestedRemediationCommands,
            TypedCommands = TypedCommands ?? current.TypedCommands,
            Proposals = Proposals ?? current.Proposals,
            ApprovalDecisions = Decision is null ? current.ApprovalDecisions : [.. current.ApprovalDecisions, Decision],
            RemediationAttempts = Attempt is null ? current.RemediationAttempts : [.. current.RemediationAttempts, Attempt],
            Verification = Verification ?? current.Verification,
            Rollback = Rollback ?? current.Rollback,
            Series = VerificationSeries is null ? current.Series : (current.Series ?? new EventSeries()) with { Verification = VerificationSeries },
            AuditTrail =
            [
                .. current.AuditTrail,
                new AuditEntry
                {
                    At = now,
                    Actor = Actor,
                    Action = string.Join("; ", parts),
                    FromStatus = NewStatus is null ? null : current.Status,
                    ToStatus = NewStatus,
                    Comment = Comment,
                    Version = version,
                },
            ],
        };
    }

    /// <exception cref="ArgumentException">The change is malformed or empty.</exception>
    public void Validate()
    {
        KubeWise.Core.Events.AnomalyId.Normalize(AnomalyId, nameof(AnomalyId));
        if (string.IsNullOrWhiteSpace(Actor))
        {
            throw new ArgumentException("A change must name its actor (who made it).", nameof(Actor));
        }

        if (ExpectedVersion < 0)
        {
            throw new ArgumentException("expected version must be 0 or more.", nameof(ExpectedVersion));
        }

        if (Decision is { } decision)
        {
            var required = decision.Decision == ApprovalKind.Approved ? AnomalyStatus.Approved : AnomalyStatus.Rejected;
            if (NewStatus != required)
            {
                throw new ArgumentException($"An {decision.Decision.ToString().ToLowerInvariant()} decision must move the event to {required}.", nameof(Decision));
            }
        }

        if (Describe().Count == 0)
        {
            throw new ArgumentException("The change sets nothing: give a new status or at least one field.", nameof(NewStatus));
        }
    }

    private List<string> Describe()
    {
        var parts = new List<string>();
        if (NewStatus is { } to)
        {
            parts.Add($"status {ExpectedStatus} -> {to}");
        }

        AddIf(parts, OrchestrationInstanceId is not null, "orchestration attached");
        AddIf(parts, AddEvidence is { Count: > 0 }, "evidence added");
        AddIf(parts, Analysis is not null, "analysis recorded");
        AddIf(parts, Analyzer is not null, "analyzer recorded");
        AddIf(parts, SuggestedCommands is not null || TypedCommands is not null, "commands suggested");
        AddIf(parts, Proposals is { Count: > 0 } && Proposals.Any(p => p.Outcome == ProposalRecord.Dropped),
            $"{Proposals?.Count(p => p.Outcome == ProposalRecord.Dropped)} proposal(s) dropped");
        AddIf(parts, Decision is not null, $"fix {Decision?.Decision.ToString().ToLowerInvariant()}");
        AddIf(parts, Attempt is not null, $"attempt {Attempt?.Status}");
        AddIf(parts, Verification is not null, $"verification {(Verification?.Success == true ? "passed" : "failed")}");
        AddIf(parts, Rollback is not null, "rollback recorded");
        AddIf(parts, !string.IsNullOrWhiteSpace(Note), Note ?? "");
        return parts;
    }

    private static void AddIf(List<string> parts, bool condition, string text)
    {
        if (condition)
        {
            parts.Add(text);
        }
    }
}
