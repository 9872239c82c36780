namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Where a Gemini request goes and how it is authenticated: the only part that differs between the Developer API
/// (API key) and Vertex AI (bearer token). Request building and response parsing are shared.
/// </summary>
public interface IGeminiEndpoint
{
    /// <summary>The configured model id, as reported on events.</summary>
    string Model { get; }

    /// <summary>True when the endpoint has credentials to call with.</summary>
    bool IsConfigured { get; }

    /// <summary>What is missing when <see cref="IsConfigured"/> is false, naming the setting (shown on events and health).</summary>
    string UnconfiguredReason { get; }

    /// <summary>Absolute URL of <c>…/models/{model}:generateContent</c>.</summary>
    Uri GenerateContentUri { get; }

    /// <summary>Absolute URL of <c>…/models/{model}</c> (health).</summary>
    Uri ModelUri { get; }

    /// <summary>What to check when the API answers 401 or 403.</summary>
    string CredentialsHint => "check GEMINI_API_KEY";

    /// <summary>Adds credentials to a request; a failure to obtain them is a <see cref="GeminiException"/>.</summary>
    ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
