using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeWise.Run.Tests.Hosting;

/// <summary>The API on <c>kubewise run</c>: function keys from configuration, principal headers ignored.</summary>
public sealed class RunApiTests
{
    private const string Key = "run-alice-key";

    private static Dictionary<string, string?> Keyed() => new()
    {
        ["Run:Durable:Backend"] = "InMemory",
        ["Run:ListenAddress"] = "127.0.0.1",
        ["Api:KeyNames:alice"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
        // Would make the Functions app trust X-MS-CLIENT-PRINCIPAL*; kubewise run ignores it.
        ["WEBSITE_AUTH_ENABLED"] = "true",
    };

    [Fact]
    public async Task KeysConfigured_KeyedOperationWithoutKey_401SaysHowToSendOne()
    {
        await using var run = await RunHost.StartAsync(Keyed());

        using var reply = await run.Http.GetAsync("/api/v1/remediation/events");
        var problem = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Contains("x-functions-key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysConfigured_DashboardShellIsAnonymousWithItsPolicy_TheSeriesOfAnEventNeedsTheKey()
    {
        await using var run = await RunHost.StartAsync(Keyed());

        using var page = await run.Http.GetAsync("/api/v1/dashboard");
        using var script = await run.Http.GetAsync("/api/v1/dashboard.js");
        using var series = await run.Http.GetAsync($"/api/v1/remediation/events/{Guid.NewGuid()}/series");
        using var keyed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/remediation/events/{Guid.NewGuid()}/series");
        keyed.Headers.Add("x-functions-key", Key);
        using var unknown = await run.Http.SendAsync(keyed);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("script-src 'self'", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Contains("<script src=\"dashboard.js\" defer></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, series.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task KeysConfigured_RightKeyInHeaderOrQuery_Answers_WrongKeyDoesNot_HealthNeedsNone()
    {
        await using var run = await RunHost.StartAsync(Keyed());

        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/v1/remediation/events");
        header.Headers.Add("x-functions-key", Key);
        using var byHeader = await run.Http.SendAsync(header);
        using var byQuery = await run.Http.GetAsync($"/api/v1/remediation/events?code={Key}");
        using var wrong = await run.Http.GetAsync("/api/v1/remediation/events?code=not-the-key");
        using var health = await run.Http.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, health.StatusCode);
    }

    [Fact]
    public async Task PrincipalHeader_NotEnabled_TheDecisionIsRecordedUnderTheKeyName()
    {
        await using var run = await RunHost.StartAsync(Keyed());

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/setup/mode")
        {
            Content = new StringContent("""{"mode":"MANUAL"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", Key);
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "mallory@example.com");
        using var reply = await run.Http.SendAsync(request);
        var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("key:alice", body["changed_by"]!.GetValue<string>());
    }
}
