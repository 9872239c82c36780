using System.Net.Http.Json;
using KubeWise.Core.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Notifications;

/// <summary>
/// Posts queued notices to every configured webhook in its format. Retries live in the named HttpClient's resilience
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await DeliverAsync(notice, stoppingToken).ConfigureAwait(false);
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
                using var content = JsonContent.Create(NoticeFormatter.Render(notice, hook.Format), options: EventJson.Options);
                using var response = await http.PostAsync(hook.Url, content, ct).ConfigureAwait(false);
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
