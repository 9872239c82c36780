using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Analysis.Vertex;

/// <summary>
/// Vertex AI, used when <c>Gemini:Provider</c> is <c>VertexAi</c>. Credentials come from Google's Application Default
/// Credentials unless a key file or a metadata server is named here: on GKE with workload identity nothing needs setting.
/// </summary>
public sealed class VertexOptions
{
    public const string SectionName = "Vertex";

    /// <summary>The OAuth scope Vertex AI requires.</summary>
    public const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Google Cloud project id that is billed for the calls.</summary>
    /// <value>Default: unset (the rule analyzer answers).</value>
    [RegularExpression("^[a-z0-9.:-]+$", ErrorMessage = "Vertex:Project must be a Google Cloud project id.")]
    public string? Project { get; set; }

    /// <summary>Region of the endpoint (<c>us-central1</c>, <c>europe-west4</c>…) or <c>global</c>.</summary>
    /// <value>Default: <c>global</c> (host <c>aiplatform.googleapis.com</c>; newer models are served there first).</value>
    [Required, RegularExpression("^[a-z][a-z0-9-]*[a-z0-9]$", ErrorMessage = "Vertex:Location must be a region such as us-central1, or global.")]
    public string Location { get; set; } = "global";

    /// <summary>Base URL replacing <c>https://{location}-aiplatform.googleapis.com</c> (Private Service Connect, a proxy, a test server).</summary>
    /// <value>Default: unset.</value>
    [Url]
    public string? Endpoint { get; set; }

    /// <summary>
    /// A service-account key file (or another credential JSON file such as <c>gcloud</c>'s user credentials) to use
    /// instead of Application Default Credentials. The file's <c>token_uri</c> is honoured.
    /// </summary>
    /// <value>Default: unset (Application Default Credentials: <c>GOOGLE_APPLICATION_CREDENTIALS</c>, gcloud, the GKE/GCE metadata server).</value>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// Base URL of a GCE/GKE metadata server to take tokens from directly (workload identity), instead of
    /// Application Default Credentials' discovery. Ignored when <see cref="CredentialsFile"/> is set.
    /// </summary>
    /// <value>Default: unset.</value>
    [Url]
    public string? MetadataServerUrl { get; set; }

    /// <summary>True when a project is configured.</summary>
    public bool HasProject => !string.IsNullOrWhiteSpace(Project);

    /// <summary>The API's base URL for <see cref="Location"/>, or <see cref="Endpoint"/> when set.</summary>
    public string BaseUrl => !string.IsNullOrWhiteSpace(Endpoint)
        ? Endpoint.TrimEnd('/')
        : string.Equals(Location, "global", StringComparison.Ordinal)
            ? "https://aiplatform.googleapis.com"
            : $"https://{Location}-aiplatform.googleapis.com";
}
