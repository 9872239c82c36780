namespace KubeWise.Core.Analysis.Vertex;

/// <summary>OAuth access tokens for Vertex AI; the implementation caches them and refreshes them before they expire.</summary>
public interface IGoogleAccessTokenSource
{
    /// <summary>A currently valid access token for the <c>cloud-platform</c> scope.</summary>
    /// <exception cref="GoogleCredentialsException">No credentials were found, or the token server refused them.</exception>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken);
}

/// <summary>Credentials could not be found or produced no token; the message names what to configure.</summary>
public sealed class GoogleCredentialsException(string message, Exception? inner = null) : Exception(message, inner);
