using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Apis.Auth.OAuth2;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Vertex;

/// <summary>
/// Tokens from Google.Apis.Auth: a key file when <see cref="VertexOptions.CredentialsFile"/> is set, a metadata server
/// when <see cref="VertexOptions.MetadataServerUrl"/> is, otherwise Application Default Credentials. The credential is
/// created once (a failure is retried on the next call); it caches its token and refreshes it ahead of expiry itself.
/// </summary>
public sealed class GoogleCredentialTokenSource(IOptions<VertexOptions> options, TimeProvider timeProvider) : IGoogleAccessTokenSource, IDisposable
{
    private const string ServiceAccountType = "service_account";
    private const string MetadataTokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITokenAccess? _credential;

    public async Task<string> GetAccessTokenAsync(CancellationToken cancellationToken)
    {
        var credential = _credential ?? await CreateOnceAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await credential.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not only TokenResponseException: the library throws NullReferenceException on a token server's non-JSON error page.
            throw new GoogleCredentialsException($"No access token from {Describe(options.Value)}: {ex.Message}", ex);
        }
    }

    private async Task<ITokenAccess> CreateOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _credential ??= await CreateAsync(options.Value, new TimeProviderClock(timeProvider), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static async Task<ITokenAccess> CreateAsync(VertexOptions settings, Google.Apis.Util.IClock clock, CancellationToken cancellationToken)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(settings.CredentialsFile))
            {
                var json = await File.ReadAllTextAsync(settings.CredentialsFile, cancellationToken).ConfigureAwait(false);
                return FromJson(json, clock);
            }

            if (!string.IsNullOrWhiteSpace(settings.MetadataServerUrl))
            {
                var metadata = settings.MetadataServerUrl.TrimEnd('/');
                var initializer = new ComputeCredential.Initializer(metadata + MetadataTokenPath) { Clock = clock };
                return new ComputeCredential(initializer);
            }

            var adc = await GoogleCredential.GetApplicationDefaultAsync(cancellationToken).ConfigureAwait(false);
            return adc.CreateScoped(VertexOptions.Scope);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or JsonException or FormatException or ArgumentException or UnauthorizedAccessException)
        {
            throw new GoogleCredentialsException($"No Google credentials from {Describe(settings)}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A service-account key is built here rather than by the factory so that its token cache runs on the injected clock;
    /// any other credential type (gcloud user credentials, external accounts) goes through Google's factory.
    /// </summary>
    internal static ITokenAccess FromJson(string json, Google.Apis.Util.IClock clock)
    {
        var key = JsonSerializer.Deserialize<KeyFile>(json) ?? throw new JsonException("The credentials file is empty.");
        if (!string.Equals(key.Type, ServiceAccountType, StringComparison.Ordinal))
        {
            var credential = CredentialFactory.FromJson(json, key.Type ?? throw new JsonException("The credentials file has no 'type'."));
            return credential.CreateScoped(VertexOptions.Scope);
        }

        if (string.IsNullOrWhiteSpace(key.ClientEmail) || string.IsNullOrWhiteSpace(key.PrivateKey))
        {
            throw new JsonException("The service-account key needs 'client_email' and 'private_key'.");
        }

        var initializer = new ServiceAccountCredential.Initializer(key.ClientEmail, string.IsNullOrWhiteSpace(key.TokenUri) ? GoogleAuthConsts.OidcTokenUrl : key.TokenUri)
        {
            ProjectId = key.ProjectId,
            KeyId = key.PrivateKeyId,
            Scopes = [VertexOptions.Scope],
            Clock = clock,
        }.FromPrivateKey(key.PrivateKey);
        return new ServiceAccountCredential(initializer);
    }

    private static string Describe(VertexOptions settings) =>
        !string.IsNullOrWhiteSpace(settings.CredentialsFile) ? $"the key file {settings.CredentialsFile} (Vertex:CredentialsFile)"
        : !string.IsNullOrWhiteSpace(settings.MetadataServerUrl) ? $"the metadata server {settings.MetadataServerUrl} (Vertex:MetadataServerUrl)"
        : "Application Default Credentials (set GOOGLE_APPLICATION_CREDENTIALS, run `gcloud auth application-default login`, or use GKE workload identity)";

    public void Dispose() => _gate.Dispose();

    private sealed record KeyFile(
        [property: JsonPropertyName("type")] string? Type,
        [property: JsonPropertyName("project_id")] string? ProjectId,
        [property: JsonPropertyName("private_key_id")] string? PrivateKeyId,
        [property: JsonPropertyName("private_key")] string? PrivateKey,
        [property: JsonPropertyName("client_email")] string? ClientEmail,
        [property: JsonPropertyName("token_uri")] string? TokenUri);
}
