using System.Security.Cryptography;
using System.Text;
using KubeWise.Application.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Api;

/// <summary>
/// Function keys for <c>kubewise run</c>, from configuration: <c>Api:KeyNames</c> maps a key's name to the SHA-256
/// (hex) of its value, the same setting the Functions app uses to name callers, so no key is stored in clear. A keyed
/// operation needs one of them in <c>x-functions-key</c> or <c>?code=</c>, as on Azure Functions. With no keys
/// configured nothing is checked, and the host listens on loopback only.
/// </summary>
internal sealed class FunctionKeys(IOptionsMonitor<ApiOptions> options)
{
    public const string Header = "x-functions-key";

    public bool Configured => Hashes().Count > 0;

    /// <summary>A 401 reply when keys are configured and the request carries none of them; null when it may pass.</summary>
    public ApiReply? Reject(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var hashes = Hashes();
        if (hashes.Count == 0)
        {
            return null;
        }

        var key = request.Headers[Header].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (!string.IsNullOrEmpty(key))
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            if (hashes.Any(h => CryptographicOperations.FixedTimeEquals(h, hash)))
            {
                return null;
            }
        }

        ApiReply<ApiContent> unauthorized = ApiProblem.Of(401, "Unauthorized",
            string.IsNullOrEmpty(key)
                ? "This operation needs a function key: send it in the x-functions-key header (or ?code=)."
                : "The function key is not one of the configured keys (Api:KeyNames).");
        return unauthorized;
    }

    /// <summary>The configured SHA-256 values; a value that is not 64 hex digits names no key.</summary>
    private List<byte[]> Hashes() =>
        [.. options.CurrentValue.KeyNames.Values.Where(v => v is { Length: 64 } && v.All(char.IsAsciiHexDigit)).Select(Convert.FromHexString)];
}
