using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// Throws well over 1,000 malformed requests (bad JSON, wrong types, huge values, unknown ids, injection strings) at
/// every mutating endpoint: each answer must be a 4xx with a problem body, and nothing may change (no decision raised,
/// no event changed, the mode unchanged).
/// </summary>
public sealed class MutatingEndpointsFuzzTests(ITestOutputHelper log) : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static readonly string[] Injections =
    [
        "'; DROP TABLE events; --", "{\"$ne\": null}", "$where", "../../etc/passwd", "<script>alert(1)</script>", "\u0000\u0001\u0002",
        "%00", "${jndi:ldap://x}", "restart_deployment name=web ns=shop; rm -rf /", "restart_deployment name=web ns=kube-system",
        new string('A', 5000), "\ud800", "Approval-1", "🙂🙃", "null", "true", "-1", "1e309",
    ];

    private static IEnumerable<string> Bodies(Random random)
    {
        foreach (var text in Injections)
        {
            var s = System.Text.Json.JsonSerializer.Serialize(text);
            yield return $"{{\"comment\":{s},\"by\":{s}}}";
            yield return $"{{\"command\":{s},\"extra\":1}}";
            yield return $"{{\"mode\":{s}}}";
            yield return $"{{\"commands\":[{s}]}}";
            yield return $"{{\"commands\":{s}}}";
            yield return text;
        }

        yield return "";
        yield return "{";
        yield return "[]";
        yield return "{\"comment\":1}";
        yield return "{\"comment\":{}}";
        yield return "{\"commands\":[1,2,3]}";
        yield return "{\"command\":null}";
        yield return "{\"mode\":[\"AUTO\"]}";
        yield return "{\"mode\":\"AUTO\",\"mode\":\"MANUAL\",\"x\":1}";
        yield return new string('[', 5000);
        yield return $"{{\"comment\":\"{new string('x', 200_000)}\"}}";
        yield return $"{{\"commands\":[{string.Join(",", Enumerable.Repeat("\"a\"", 500))}]}}";
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            yield return Encoding.Latin1.GetString(bytes);
        }
    }

    [Fact]
    public async Task Fuzz_MalformedRequests_OnlyClientErrorsAndNoStateChange()
    {
        var (waiting, instance) = await _h.CreateWaitingEventAsync();
        var finished = await _h.CreateEventAsync(AnomalyStatus.Rejected);
        var before = await _h.Events.ListAsync(new EventQuery { Limit = 500 });
        var modes = _h.Services.GetRequiredService<RemediationModeStore>();
        var modeBefore = await modes.GetAsync();
        var random = new Random(1234);
        var bodies = Bodies(random).ToList();
        var ids = new[] { finished.AnomalyId, AnomalyId.New(), "not-a-uuid", "", " ", "../../etc", "'; --", new string('9', 3000), waiting.AnomalyId.ToUpperInvariant() + "x" };
        var contentTypes = new[] { "application/json", "text/plain", null };

        var count = 0;
        var statuses = new Dictionary<int, int>();
        foreach (var body in bodies)
        {
            foreach (var contentType in contentTypes)
            {
                // The waiting event only gets bodies that are malformed for every endpoint (never a valid decision).
                var targets = IsValidDecision(body) ? ids : [.. ids, waiting.AnomalyId];
                foreach (var id in targets)
                {
                    foreach (var endpoint in Endpoints)
                    {
                        var response = await endpoint(this, id, body, contentType);
                        Assert.True(response.Status is >= 400 and < 500, $"{response.Status} for id '{ApiProblem.Shorten(id)}' body '{ApiProblem.Shorten(body)}': {response.Text}");
                        Assert.Equal(ApiProblem.ContentType, response.ContentType);
                        statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
                        count++;
                    }
                }
            }

            var mode = await SetModeAsync(body, contentType: "application/json");
            if (mode.Status == 200)
            {
                Assert.Fail($"a malformed mode body was accepted: {body}");
            }

            count++;
        }

        foreach (var id in ids.Skip(1))
        {
            var r = _h.Request("POST", "{}");
            var analyzed = await HostedFunction.RunAsync(r, await _h.Function<AnalyzeFunction>().AnalyzeAsync(r, id, CancellationToken.None));
            Assert.Equal(404, analyzed.Status);
            count++;
        }

        Assert.True(count >= 1000, $"only {count} requests");
        log.WriteLine($"{count} requests; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.Null(await _h.ReceivedAsync(instance, TimeSpan.FromMilliseconds(500)));
        var after = await _h.Events.ListAsync(new EventQuery { Limit = 500 });
        Assert.Equal(before.Items.Select(e => (e.AnomalyId, e.Version, e.Status)), after.Items.Select(e => (e.AnomalyId, e.Version, e.Status)));
        Assert.Equal(modeBefore, await modes.GetAsync());
        Assert.Contains(400, statuses.Keys);
        Assert.Contains(404, statuses.Keys);
        Assert.Contains(409, statuses.Keys);
    }

    private static bool IsValidDecision(string body) => body is "" or "{}";

    private delegate Task<ApiResponse> Endpoint(MutatingEndpointsFuzzTests test, string id, string body, string? contentType);

    private static readonly Endpoint[] Endpoints =
    [
        async (t, id, body, type) =>
        {
            var r = t._h.Request("POST", body, contentType: type);
            return await HostedFunction.RunAsync(r, await t._h.Function<ApprovalFunctions>().ApproveAsync(r, t._h.Client, id, CancellationToken.None));
        },
        async (t, id, body, type) =>
        {
            var r = t._h.Request("POST", body, contentType: type);
            return await HostedFunction.RunAsync(r, await t._h.Function<ApprovalFunctions>().RejectAsync(r, t._h.Client, id, CancellationToken.None));
        },
        async (t, id, body, type) =>
        {
            var r = t._h.Request("POST", body, contentType: type);
            return await HostedFunction.RunAsync(r, await t._h.Function<ApprovalFunctions>().RemediateAsync(r, t._h.Client, id, CancellationToken.None));
        },
    ];

    private async Task<ApiResponse> SetModeAsync(string body, string contentType)
    {
        var request = _h.Request("POST", body, contentType: contentType);
        return await HostedFunction.RunAsync(request, await _h.Function<SetupFunctions>().SetModeAsync(request, CancellationToken.None));
    }
}
