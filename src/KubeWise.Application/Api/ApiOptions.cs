using System.ComponentModel.DataAnnotations;

namespace KubeWise.Application.Api;

/// <summary>Limits and identity rules of the HTTP API.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    /// <value>Default: 65536 bytes.</value>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long <c>POST …/remediate</c> waits for its command to run before answering 202 with where to poll.</summary>
    /// <value>Default: 00:00:30.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RemediateWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long approve/reject wait, after recording the decision on the event, for the orchestration to take it before answering 202 (the event records it either way).</summary>
    /// <value>Default: 00:00:05.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan DecisionWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Trust the App Service authentication headers (<c>X-MS-CLIENT-PRINCIPAL-NAME</c>, <c>X-MS-CLIENT-PRINCIPAL</c>).
    /// Only safe when an identity provider in front strips them from callers; App Service sets
    /// <c>WEBSITE_AUTH_ENABLED=True</c> then, which also turns this on.
    /// </summary>
    /// <value>Default: false.</value>
    public bool TrustPrincipalHeaders { get; set; }

    /// <summary>
    /// Names for function keys, so decisions say who made them: key name → SHA-256 (hex) of the key's value.
    /// A key not listed is recorded by fingerprint (<c>key:sha256:1a2b3c4d</c>).
    /// </summary>
    public Dictionary<string, string> KeyNames { get; set; } = [];

    /// <summary>Public base URL of the app (e.g. <c>https://kubewise.example.com</c>), for links in notifications and 202 answers.</summary>
    /// <value>Default: unset (links are relative).</value>
    [Url]
    public string? PublicBaseUrl { get; set; }
}
