using System.Security.Claims;
using System.Text;
using KubeWise.Application.Api;
using KubeWise.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Tests.Api;

/// <summary>Who a decision is recorded as, for each way a caller can be identified; never from what the caller asserts unchecked.</summary>
public sealed class CallerIdentityTests
{
    private static CallerIdentity Identity(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var options = new ApiOptions();
        configuration.GetSection(ApiOptions.SectionName).Bind(options);
        return new CallerIdentity(new StaticMonitor(options), configuration);
    }

    private static ApiRequest Request(Action<HttpRequest> setup)
    {
        var context = new DefaultHttpContext();
        setup(context.Request);
        return KubeWise.Application.Api.Http.HttpApi.Request(context.Request);
    }

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Resolve_AppServiceAuthEnabled_ReadsTheNameClaimOfTheEncodedPrincipal()
    {
        var identity = Identity(("WEBSITE_AUTH_ENABLED", "True"));
        var request = Request(r => r.Headers[CallerIdentity.PrincipalHeader] = Principal(
            """{"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","val":"dana@example.com"}]}"""));

        Assert.Equal("dana@example.com", identity.Resolve(request));
    }

    [Fact]
    public void Resolve_MalformedPrincipal_FallsBackToTheKey()
    {
        var identity = Identity(("Api:TrustPrincipalHeaders", "true"));
        var request = Request(r =>
        {
            r.Headers[CallerIdentity.PrincipalHeader] = "%%% not base64";
            r.QueryString = new QueryString("?code=k1");
        });

        Assert.Equal($"key:sha256:{ApiHarness.Sha256("k1")[..8]}", identity.Resolve(request));
    }

    [Fact]
    public void Resolve_HostKeyIdClaim_IsTheKeysName()
    {
        var identity = Identity();
        var request = Request(r => r.HttpContext.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerIdentity.KeyIdClaim, "ops-team")], "WebJobsAuthLevel")));

        Assert.Equal("key:ops-team", identity.Resolve(request));
    }

    [Fact]
    public void Resolve_NoKeyNoIdentity_IsAnonymous_ControlCharactersNeverReachTheRecord()
    {
        var identity = Identity(("Api:TrustPrincipalHeaders", "true"));

        Assert.Equal("anonymous", identity.Resolve(Request(_ => { })));
        Assert.Equal("evilname", identity.Resolve(Request(r => r.Headers[CallerIdentity.PrincipalNameHeader] = "evil\u0007name")));
    }

    private sealed class StaticMonitor(ApiOptions value) : IOptionsMonitor<ApiOptions>
    {
        public ApiOptions CurrentValue => value;

        public ApiOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ApiOptions, string?> listener) => null;
    }
}
