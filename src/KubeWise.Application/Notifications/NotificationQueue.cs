using System.Text.Json;
using KubeWise.Core.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Notifications;

/// <summary>
/// Notices waiting for delivery, kept in the store (shared collection <c>notices</c>, one compare-and-set document) so
/// a host restart loses none: a notice leaves the queue only after a delivery round tried every webhook, and one cut
/// off by a stop is delivered again after the restart (with the same <see cref="ApprovalNotice.NoticeId"/>, for the
/// receiver to drop a repeat). A full queue drops its oldest notice (and logs it) rather than grow without bound.
/// </summary>
public sealed class NotificationQueue(ISharedStateStore store, IOptions<NotificationOptions> options, ILogger<NotificationQueue> logger)
{
    private const string DocumentKey = "pending";
    private const string Writer = "notifications";
    private const int ConflictRetries = 20;
    private readonly SemaphoreSlim _signal = new(0, 1);

    public bool Enabled => options.Value.Webhooks.Count > 0;

    /// <summary>Keeps <paramref name="notice"/> until it is delivered, and wakes the delivery.</summary>
    /// <exception cref="EventStoreException">The store could not take it.</exception>
    public async Task EnqueueAsync(ApprovalNotice notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!Enabled)
        {
            return;
        }

        await UpdateAsync(pending =>
        {
            if (pending.Any(p => p.NoticeId == notice.NoticeId))
            {
                return null;
            }

            pending.Add(notice);
            while (pending.Count > options.Value.QueueCapacity)
            {
                NotificationLog.Dropped(logger, pending[0].AnomalyId, pending[0].Kind);
                pending.RemoveAt(0);
            }

            return pending;
        }, ct).ConfigureAwait(false);
        Wake();
    }

    /// <summary>The notices not delivered yet, oldest first.</summary>
    public async Task<IReadOnlyList<ApprovalNotice>> PendingAsync(CancellationToken ct = default) =>
        Read(await store.GetAsync(SharedCollection.Notices, DocumentKey, ct).ConfigureAwait(false));

    /// <summary>Takes delivered notices off the queue.</summary>
    public Task RemoveAsync(IReadOnlyCollection<string> noticeIds, CancellationToken ct = default) =>
        UpdateAsync(pending => pending.RemoveAll(p => noticeIds.Contains(p.NoticeId)) > 0 ? pending : null, ct);

    /// <summary>Waits until a notice is queued in this process, or <paramref name="timeout"/> passes (notices of other replicas, or from before a restart).</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct).ConfigureAwait(false);

    private void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    private async Task UpdateAsync(Func<List<ApprovalNotice>, List<ApprovalNotice>?> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var document = await store.GetAsync(SharedCollection.Notices, DocumentKey, ct).ConfigureAwait(false);
            if (change([.. Read(document)]) is not { } next)
            {
                return;
            }

            var content = JsonSerializer.Serialize(next, EventJson.Options);
            if (await store.TryReplaceAsync(SharedCollection.Notices, DocumentKey, content, document?.Version ?? 0, Writer, ct).ConfigureAwait(false) is not null
                || attempt >= ConflictRetries)
            {
                return;
            }
        }
    }

    private static List<ApprovalNotice> Read(StoredDocument? document)
    {
        if (document is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<ApprovalNotice>>(document.Content, EventJson.Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
