using System.Net.Http.Json;
using KubeWise.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Notifications;

/// <summary>
/// Posts queued notices (kept in the store by <see cref="NotificationQueue"/>) to every configured webhook in its format,
/// each with its <see cref="NoticeIdHeader"/>. Retries live in the named HttpClient's resilience
/// pipeline (<see cref="NotificationServiceCollectionExtensions"/>); a webhook that still fails is logged and skipped,
/// and the others are still told.
/// </summary>
public sealed class WebhookDelivery(
    NotificationQueue queue,
    IHttpClientFactory clients,
    IOptions<NotificationOptions> options,
    ILogger<WebhookDelivery> logger) : BackgroundService
{
    public const string ClientName = "kubewise-webhooks";

    /// <summary>Carries <see cref="ApprovalNotice.NoticeId"/> in every format (Slack and Teams bodies have no field for it).</summary>
    public const string NoticeIdHeader = "X-KubeWise-Notice-Id";

    /// <summary>How often the store is checked for notices queued elsewhere (another replica, or before a restart).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queue.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // One round: every pending notice to every webhook, then off the queue. A stop mid-round leaves the
                // rest (and the one being sent) queued for the next start.
                var pending = await queue.PendingAsync(stoppingToken).ConfigureAwait(false);
                foreach (var notice in pending)
                {
                    await DeliverAsync(notice, stoppingToken).ConfigureAwait(false);
                    await queue.RemoveAsync([notice.NoticeId], stoppingToken).ConfigureAwait(false);
                }

                if (pending.Count > 0)
                {
                    continue;
                }
            }
            catch (EventStoreException e) when (e.IsRetryable)
            {
                NotificationLog.QueueUnavailable(logger, e.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await queue.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends one notice to every webhook; never throws for a webhook's failure.</summary>
    public async Task DeliverAsync(ApprovalNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var http = clients.CreateClient(ClientName);
        foreach (var hook in options.Value.Webhooks)
        {
            var target = Redact(hook.Url);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
                {
                    Content = JsonContent.Create(NoticeFormatter.Render(notice, hook.Format), options: EventJson.Options),
                };
                request.Headers.TryAddWithoutValidation(NoticeIdHeader, notice.NoticeId);
                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    NotificationLog.Delivered(logger, target, hook.Format, notice.AnomalyId, notice.Kind);
                }
                else
                {
                    NotificationLog.Failed(logger, target, notice.AnomalyId, notice.Kind, $"HTTP {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                NotificationLog.Failed(logger, target, notice.AnomalyId, notice.Kind, e.Message);
            }
        }
    }

    /// <summary>Webhook URLs carry their secret in the path (Slack, Teams): logs get the host only.</summary>
    private static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(invalid url)";
}
