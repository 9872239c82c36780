using KubeWise.Application.Activities;

namespace KubeWise.Application.Orchestrations;

/// <summary>
/// Records the run's stages on the event and shows where it stands as the orchestration's custom status.
/// State: the stage last recorded (a stage is recorded once in a row), the last one the event took (for the final
/// stage the state machine allows), and the approval round the status names.
/// </summary>
internal sealed class StageRecorder(RemediationScope scope)
{
    private RemediationStage? _recorded;
    private RemediationStage? _status;
    private readonly Dictionary<RemediationStage, int> _occurrences = [];

    /// <summary>The approval round: 0 before the first wait, then 1, 2… (a new external event name per wait).</summary>
    public int Round { get; private set; }

    /// <summary>Starts the next approval round and answers its number.</summary>
    public int NextRound() => ++Round;

    public async Task RecordAsync(RemediationStage stage, string actor, string? comment, ApprovalEvent? decision = null, IReadOnlyList<string>? commands = null)
    {
        if (_recorded == stage)
        {
            return;
        }

        // Deterministic across replays: the same calls in the same order count the same occurrences.
        var occurrence = _occurrences[stage] = _occurrences.GetValueOrDefault(stage) + 1;
        var applied = await scope.Context.CallActivityAsync<bool>(
            nameof(RecordStageActivity), new StageRecord(scope.AnomalyId, stage, actor, comment, decision, commands, occurrence), scope.Retry);
        _recorded = stage;
        _status = applied ? stage : _status;
        SetStatus(stage, comment);
    }

    /// <summary>An activity other than <see cref="RecordStageActivity"/> moved the event to <paramref name="stage"/>.</summary>
    public void Took(RemediationStage stage, string? comment)
    {
        _recorded = stage;
        _status = stage;
        SetStatus(stage, comment);
    }

    public Task NoteAsync(string note, string comment) =>
        scope.Context.CallActivityAsync<bool>(nameof(RecordNoteActivity), new EventNote(scope.AnomalyId, note, comment), scope.Retry);

    public void SetStatus(RemediationStage stage, string? detail) =>
        scope.Context.SetCustomStatus(new RemediationStatus(stage, Round, null, null, detail));

    /// <summary>While waiting for a person: what to raise and until when.</summary>
    public void SetAwaiting(string eventName, DateTime expiresAt, string why) =>
        scope.Context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, Round, eventName, expiresAt, why));

    /// <summary>
    /// The event must end in a final status the state machine allows from where it is: once execution began a failure
    /// is RemediationFailed; before that, nothing was applied and the fix stays a suggestion for a person.
    /// </summary>
    public RemediationStage FinalStageFor(RemediationStage stage) => stage switch
    {
        RemediationStage.Suggested when _status is RemediationStage.Remediating or RemediationStage.Verifying => RemediationStage.RemediationFailed,
        RemediationStage.RemediationFailed when _status is not (RemediationStage.Approved or RemediationStage.Remediating or RemediationStage.Verifying) => RemediationStage.Suggested,
        _ => stage,
    };
}
