using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Testing.Gemini;

/// <summary>
/// A loopback Google OAuth token endpoint and GCE/GKE metadata server. <c>POST /token</c> takes a service account's
/// signed JWT assertion (RFC 7523, as Google.Apis.Auth sends it), checks its RS256 signature against the key made by
/// <see cref="CreateServiceAccountKey"/>, its issuer, audience and scope; <c>GET /computeMetadata/v1/instance/service-accounts/default/token</c>
/// answers like the metadata server (header <c>Metadata-Flavor: Google</c> required). Tokens live
/// <see cref="TokenLifetime"/> on the given clock; <see cref="IsValid"/> tells a resource server whether one is still good.
/// </summary>
public sealed class FakeGoogleTokenServer : IAsyncDisposable
{
    public const string ClientEmail = "kubewise@demo-project.iam.gserviceaccount.com";
    public const string TokenPath = "/token";
    public const string MetadataTokenPath = "/computeMetadata/v1/instance/service-accounts/default/token";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _rejections = new();
    private int _counter;

    private FakeGoogleTokenServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How long an issued token is valid (the answer's <c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Tokens issued so far, in order.</summary>
    public IReadOnlyList<string> IssuedTokens => _issued.Keys.OrderBy(t => int.Parse(t[(t.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Token requests that were refused, with the reason.</summary>
    public IReadOnlyList<string> Rejections => _rejections.ToArray();

    public static async Task<FakeGoogleTokenServer> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeGoogleTokenServer(app, time);
        app.MapPost(TokenPath, (Delegate)server.TokenAsync);
        app.MapGet(MetadataTokenPath, (Delegate)server.MetadataToken);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>True when <paramref name="token"/> was issued here and has not expired on the server's clock.</summary>
    public bool IsValid(string token) => _issued.TryGetValue(token, out var expires) && _time.GetUtcNow() < expires;

    /// <summary>A service-account key file whose <c>token_uri</c> is this server and whose private key it trusts.</summary>
    public string CreateServiceAccountKey() => new JsonObject
    {
        ["type"] = "service_account",
        ["project_id"] = "demo-project",
        ["private_key_id"] = "fake-key-1",
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["token_uri"] = new Uri(BaseAddress, TokenPath).ToString(),
    }.ToJsonString();

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var problem = form["grant_type"].ToString() switch
        {
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => CheckAssertion(form["assertion"].ToString()),
            _ => "unsupported grant_type",
        };
        if (problem is not null)
        {
            _rejections.Enqueue(problem);
            return Results.Json(new { error = "invalid_grant", error_description = problem }, statusCode: 400);
        }

        return Issue();
    }

    private IResult MetadataToken(HttpContext context)
    {
        if (context.Request.Headers["Metadata-Flavor"] != "Google")
        {
            _rejections.Enqueue("missing Metadata-Flavor header");
            return Results.Text("Missing required header: Metadata-Flavor", statusCode: 403);
        }

        return Issue();
    }

    private IResult Issue()
    {
        var token = $"ya29.fake-{Interlocked.Increment(ref _counter)}";
        _issued[token] = _time.GetUtcNow() + TokenLifetime;
        return Results.Json(new { access_token = token, expires_in = (int)TokenLifetime.TotalSeconds, token_type = "Bearer" });
    }

    /// <summary>Google.Apis.Auth signs for Google's token audience whatever the key's <c>token_uri</c>; Google accepts exactly that.</summary>
    public const string Audience = "https://oauth2.googleapis.com/token";

    private string? CheckAssertion(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "the assertion is not a JWT";
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_key.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return "bad signature";
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var c = claims.RootElement;
        if (header.RootElement.GetProperty("alg").GetString() != "RS256")
        {
            return "alg is not RS256";
        }

        if (Claim(c, "iss") != ClientEmail)
        {
            return "wrong issuer";
        }

        if (Claim(c, "aud") != Audience)
        {
            return $"wrong audience {Claim(c, "aud")}";
        }

        if (!(Claim(c, "scope") ?? string.Empty).Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform"))
        {
            return "scope cloud-platform missing";
        }

        return null;
    }

    private static string? Claim(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
    }
}
