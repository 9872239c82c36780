using KubeWise.Core.Events;
using Microsoft.DurableTask;

namespace KubeWise.Application.Activities;

/// <summary>
/// Adds an audit entry for something that changes no status (execution paused, resumed, stopped after a brake), with a
/// compare-and-set like every write. Idempotent: a retried try finds its note already last in the trail and adds nothing.
/// </summary>
public sealed class RecordNoteActivity(IEventStore store) : TaskActivity<EventNote, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, EventNote input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var added = false;
        await EventAccess.ApplyAsync(store, input.AnomalyId, current =>
        {
            if (current.AuditTrail.Count > 0 && current.AuditTrail[^1] is { } last && last.Action == input.Note && last.Comment == input.Comment)
            {
                return null;
            }

            added = true;
            return new EventChange
            {
                AnomalyId = current.AnomalyId,
                ExpectedStatus = current.Status,
                ExpectedVersion = current.Version,
                Actor = input.Actor,
                Note = input.Note,
                Comment = input.Comment,
            };
        }).ConfigureAwait(false);
        return added;
    }
}
