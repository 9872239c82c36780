using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Api;

/// <summary>
/// Who is calling, for the audit trail of approvals, rejections, mode changes and remediations. Never from the body.
/// In order:
/// <list type="number">
/// <item>App Service authentication (an identity provider in front): <c>X-MS-CLIENT-PRINCIPAL-NAME</c>, else the name
/// claim of the base64 JSON <c>X-MS-CLIENT-PRINCIPAL</c>. Trusted only when <see cref="ApiOptions.TrustPrincipalHeaders"/>
/// or the platform's <c>WEBSITE_AUTH_ENABLED=True</c> says the front end strips callers' copies.</item>
/// <item>The function key's name as the host states it: the claim
/// <c>http://schemas.microsoft.com/2017/07/functions/claims/keyid</c> on the request's user. The host sets it after
/// checking the key; with ASP.NET Core integration the isolated worker does not receive the host's identities today,
/// so this step is for hosts that forward them.</item>
/// <item>The key the caller presented (<c>x-functions-key</c> header or <c>code</c> query; the host forwards the request
/// unchanged and has already checked it): named through <see cref="ApiOptions.KeyNames"/>, else by a SHA-256 fingerprint.</item>
/// <item><c>anonymous</c> (only reachable where keys are not enforced, e.g. a local run).</item>
/// </list>
/// </summary>
public sealed class CallerIdentity(IOptionsMonitor<ApiOptions> options, IConfiguration configuration)
{
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";
    public const string FunctionKeyHeader = "x-functions-key";
    private const int MaxNameLength = 200;

    /// <summary>The caller's name for the audit trail, or a 400 naming the header whose text is not valid.</summary>
    public bool TryResolve(ApiRequest request, out string by, out ApiProblem? problem)
    {
        by = Resolve(request);
        problem = null;
        if (SafeText.Problem(by, MaxNameLength + 4, allowNewlines: false) is { } wrong)
        {
            var header = by.StartsWith("key:", StringComparison.Ordinal) ? "key name" : PrincipalNameHeader;
            problem = ApiProblem.Invalid(header, $"The caller's name must be {wrong}.");
            return false;
        }

        return true;
    }

    /// <summary>The caller's name as the headers and the host's identity give it (control characters removed).</summary>
    public string Resolve(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TrustsPrincipalHeaders && FromPrincipal(request) is { } user)
        {
            return user;
        }

        if (request.User.FindFirst(KeyIdClaim)?.Value is { Length: > 0 } keyId)
        {
            return "key:" + Clean(keyId);
        }

        var key = request.Header(FunctionKeyHeader) ?? request.Query("code");
        if (!string.IsNullOrEmpty(key))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            var named = options.CurrentValue.KeyNames.FirstOrDefault(k => string.Equals(k.Value, hash, StringComparison.OrdinalIgnoreCase)).Key;
            return named is null ? $"key:sha256:{hash[..8]}" : "key:" + Clean(named);
        }

        return "anonymous";
    }

    private bool TrustsPrincipalHeaders =>
        options.CurrentValue.TrustPrincipalHeaders
        || string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);

    private static string? FromPrincipal(ApiRequest request)
    {
        if (request.Header(PrincipalNameHeader) is { Length: > 0 } name)
        {
            return Clean(name);
        }

        if (request.Header(PrincipalHeader) is not { Length: > 0 and < 16384 } encoded)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(encoded));
            var root = doc.RootElement;
            var nameType = root.TryGetProperty("name_typ", out var nt) && nt.ValueKind == JsonValueKind.String ? nt.GetString() : ClaimTypes.Name;
            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    if (claim.TryGetProperty("typ", out var typ) && typ.GetString() is { } t
                        && (t == nameType || t == "name" || t == "preferred_username")
                        && claim.TryGetProperty("val", out var val) && val.GetString() is { Length: > 0 } value)
                    {
                        return Clean(value);
                    }
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            // A malformed principal header identifies no one; the key decides.
        }

        return null;
    }

    private static string Clean(string value)
    {
        var text = new string([.. value.Trim().Where(c => !char.IsControl(c))]);
        return text.Length > MaxNameLength ? text[..MaxNameLength] : text;
    }
}
