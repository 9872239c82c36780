using System.ComponentModel.DataAnnotations;

namespace KubeWise.Application.Notifications;

/// <summary>Where to tell people that an event awaits approval, and when it resolves or fails.</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Notifications";

    /// <summary>The webhooks to POST to, e.g. <c>Notifications:Webhooks:0:Url</c> and <c>…:0:Format</c>.</summary>
    public List<WebhookTarget> Webhooks { get; set; } = [];

    /// <summary>Tries per delivery, the first included; transient failures (timeouts, 408, 429, 5xx) are retried.</summary>
    /// <value>Default: 5.</value>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles each time (with jitter).</summary>
    /// <value>Default: 00:00:02.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Time limit of one POST.</summary>
    /// <value>Default: 00:00:10.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Notices waiting for delivery (kept in the store, so a restart loses none); when full the oldest is dropped (and logged) rather than blocking a workflow.</summary>
    /// <value>Default: 1000.</value>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"Notifications:Webhooks:{i}:Url must be an absolute http(s) URL.", [nameof(Webhooks)]);
            }

            if (!Enum.IsDefined(hook.Format))
            {
                yield return new ValidationResult($"Notifications:Webhooks:{i}:Format must be Generic, Slack or Teams.", [nameof(Webhooks)]);
            }
        }
    }
}

/// <summary>The message shape a webhook expects.</summary>
public enum WebhookFormat
{
    /// <summary>KubeWise's own JSON (<see cref="ApprovalNotice"/>).</summary>
    Generic,

    /// <summary>A Slack incoming webhook (<c>text</c> + Block Kit <c>blocks</c>).</summary>
    Slack,

    /// <summary>A Microsoft Teams workflow webhook (a message with an Adaptive Card attachment).</summary>
    Teams,
}

public sealed class WebhookTarget
{
    public string Url { get; set; } = "";

    /// <value>Default: Generic.</value>
    public WebhookFormat Format { get; set; } = WebhookFormat.Generic;
}
