using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Notifications;

/// <summary>
/// Notices waiting for delivery. Writers never wait: a workflow step that changes an event must not be slowed or failed
/// by a webhook, so a full queue drops its oldest notice (and logs it).
/// </summary>
public sealed class NotificationQueue(IOptions<NotificationOptions> options, ILogger<NotificationQueue> logger)
{
    private readonly Channel<ApprovalNotice> _channel = Channel.CreateBounded<ApprovalNotice>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        dropped => NotificationLog.Dropped(logger, dropped.AnomalyId, dropped.Kind));

    public bool Enabled => options.Value.Webhooks.Count > 0;

    public void Enqueue(ApprovalNotice notice)
    {
        if (Enabled)
        {
            _channel.Writer.TryWrite(notice);
        }
    }

    public ChannelReader<ApprovalNotice> Reader => _channel.Reader;
}
