using System.Net.Http.Headers;
using KubeWise.Core.Analysis.Gemini;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Vertex;

/// <summary>
/// Vertex AI: <c>{base}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent</c>
/// with an OAuth bearer token. Everything else (request body, parsing, retries, fallback) is the Developer API's code.
/// </summary>
public sealed class VertexEndpoint(IOptions<GeminiOptions> gemini, IOptions<VertexOptions> vertex, IGoogleAccessTokenSource tokens) : IGeminiEndpoint
{
    private readonly GeminiOptions _gemini = gemini.Value;
    private readonly VertexOptions _vertex = vertex.Value;

    public string Model => _gemini.Model;

    public bool IsConfigured => _vertex.HasProject;

    public string UnconfiguredReason => "Vertex:Project is not set (Gemini:Provider is VertexAi).";

    public Uri GenerateContentUri => new(
        $"{_vertex.BaseUrl}/v1/projects/{Uri.EscapeDataString(_vertex.Project ?? string.Empty)}/locations/{Uri.EscapeDataString(_vertex.Location)}"
        + $"/publishers/google/models/{Uri.EscapeDataString(Model)}:generateContent");

    /// <summary><c>publishers.models.get</c>, which Vertex serves on <c>v1beta1</c>.</summary>
    public Uri ModelUri => new($"{_vertex.BaseUrl}/v1beta1/publishers/google/models/{Uri.EscapeDataString(Model)}");

    public async ValueTask AuthorizeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsConfigured)
        {
            throw new InvalidOperationException(UnconfiguredReason);
        }

        string token;
        try
        {
            token = await tokens.GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (GoogleCredentialsException ex)
        {
            throw new GeminiException(GeminiFailure.Credentials, ex.Message, inner: ex);
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string CredentialsHint => "check the Vertex credentials and that they hold roles/aiplatform.user on Vertex:Project";
}
