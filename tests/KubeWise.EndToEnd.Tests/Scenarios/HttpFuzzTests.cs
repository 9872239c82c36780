using System.Text;
using System.Text.Json.Nodes;
using KubeWise.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// Over 10,000 requests over real HTTP against the whole system while an incident waits for approval: valid requests
/// mutated byte-wise and field-wise (invalid UTF-8 and UTF-16, huge and deeply nested bodies, wrong types and content
/// types), unknown routes and methods, with a good key, a wrong key and none. No answer is a 5xx, and no rejected
/// request changes anything: the events' versions, the mode and the orchestrations are as they were.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 10_500;

    [Fact]
    public async Task Api_10500MutatedRequests_No5xxAndNothingChanges()
    {
        await using var e2e = await EndToEndSystem.StartAsync();
        e2e.Cluster.AddCrashLooping("shop", "checkout");
        e2e.Gemini.Enqueue(Analyses.RestartLeaking("shop", "checkout"));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        await e2e.StopTimerAsync();
        var before = await SnapshotAsync(e2e);

        using var raw = new HttpClient { BaseAddress = new Uri(e2e.Url), Timeout = TimeSpan.FromSeconds(60) };
        var random = new Random(1207);
        var statuses = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var cases = Enumerable.Range(0, Requests).Select(i => Case(random, i, id)).ToList();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                using var request = c.Build();
                using var response = await raw.SendAsync(request);
                var code = (int)response.StatusCode;
                var text = code >= 500 || (code < 300 && request.Method == HttpMethod.Post) ? await response.Content.ReadAsStringAsync() : null;
                lock (statuses)
                {
                    statuses[code] = statuses.GetValueOrDefault(code) + 1;
                    if (text is not null)
                    {
                        // A POST that succeeded is as suspect as a 5xx: every request here is malformed or about nothing.
                        serverErrors.Add($"{c.Kind}: {request.Method} {request.RequestUri} -> {code} {text[..Math.Min(300, text.Length)]}");
                    }
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        output.WriteLine($"{Requests} requests; status mix: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}");
        foreach (var kind in cases.GroupBy(c => c.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Count(),5}  {kind.Key}");
        }

        Assert.True(serverErrors.Count == 0, string.Join("\n", serverErrors.Take(20)));
        Assert.Equal(Requests, statuses.Values.Sum());
        // Rejections of many kinds were seen: the mutations reached the API's checks, not only the router.
        Assert.Contains(400, statuses.Keys);
        Assert.Contains(401, statuses.Keys);
        Assert.Contains(404, statuses.Keys);
        Assert.Equal(before, await SnapshotAsync(e2e));
    }

    private sealed record FuzzCase(string Kind, HttpMethod Method, string Path, byte[]? Body, string? ContentType, string? Key)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Key is not null)
            {
                request.Headers.TryAddWithoutValidation("x-functions-key", Key);
            }

            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            return request;
        }
    }

    private static readonly string[] Writes = ["approve", "reject", "remediate"];

    private static FuzzCase Case(Random random, int i, string id)
    {
        var key = (i % 20) switch { 0 => null, 1 => "wrong-key", _ => EndToEndSystem.Key };
        var unknownId = "a" + random.Next(1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (i % 10)
        {
            case 0:
                // Invalid text inside a JSON string on the waiting event: always refused.
                return new FuzzCase("invalid text in a field", HttpMethod.Post, $"/api/v1/remediation/events/{id}/{Pick(random, Writes)}",
                    InvalidText(random), "application/json", key);
            case 1:
                // Wrong types on the waiting event: always refused.
                return new FuzzCase("wrong type", HttpMethod.Post, $"/api/v1/remediation/events/{id}/{Pick(random, Writes)}",
                    Encoding.UTF8.GetBytes(Pick(random, "{\"comment\":5}", "{\"by\":[1]}", "{\"commands\":\"x\"}", "{\"commands\":[1,2]}", "[]", "\"approve\"", "{\"comment\":{}}", "{\"unknown\":true}")),
                    "application/json", key);
            case 2:
                return new FuzzCase("huge or deeply nested body", HttpMethod.Post, $"/api/v1/remediation/events/{id}/{Pick(random, Writes)}",
                    random.Next(2) == 0
                        ? Encoding.UTF8.GetBytes("{\"comment\":\"" + new string('x', random.Next(2_000_000, 3_000_000)) + "\"}")
                        : Encoding.UTF8.GetBytes(new string('[', random.Next(100, 20_000)) + new string(']', 5)),
                    "application/json", key);
            case 3:
                return new FuzzCase("wrong content type", HttpMethod.Post, $"/api/v1/remediation/events/{id}/{Pick(random, Writes)}",
                    Encoding.UTF8.GetBytes(Pick(random, "comment=hi", "<approve/>", "\u0000\u0001", "{\"comment\":\"ok\"")),
                    Pick(random, "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/x-www-form-urlencoded"), key);
            case 4:
                // Byte flips of valid bodies, on ids that do not exist: whatever parses is still about nothing.
                return new FuzzCase("byte-flipped body", HttpMethod.Post, $"/api/v1/remediation/events/{unknownId}/{Pick(random, Writes)}",
                    Flip(random, Pick(random, "{\"comment\":\"looks fine\"}", "{\"commands\":[\"restart_deployment name=checkout ns=shop\"]}", "{\"comment\":\"no\"}")),
                    "application/json", key);
            case 5:
                // The mode: only values that are not a mode, so a rejected request cannot flip it.
                return new FuzzCase("setup/mode", HttpMethod.Post, "/api/v1/setup/mode",
                    random.Next(2) == 0 ? Encoding.UTF8.GetBytes(Pick(random, "{\"mode\":\"YOLO\"}", "{\"mode\":1}", "{\"mode\":null}", "{\"mode\":\"MAN\\ud800UAL\"}", "{\"mode\":\"AUTO\",\"x\":1}", "{}"))
                        : Bytes("{\"mode\":\"MAN", [0xC3, 0x28], "UAL\"}"),
                    "application/json", key);
            case 6:
                return new FuzzCase("query values", HttpMethod.Get, "/api/v1/remediation/events?" + Pick(random,
                    "status=Nope", "limit=-1", "limit=100000", "skip=abc", "from=yesterday", "to=%ZZ", "namespace=%C3%28", "entity_type=%ED%A0%80", "status=" + new string('A', 5000), "limit=1e9"), null, null, key);
            case 7:
                // Wrong methods on real routes, any method on routes that do not exist (a bodiless POST to approve is a
                // valid approval, so the approve route is only tried with other methods).
                var method = Pick(random, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Get, HttpMethod.Post);
                var path = method == HttpMethod.Post
                    ? Pick(random, "/api/v1/nothing", "/api/v2/health", "/api/v1/setup/mode/x", "/api/v1/remediation/events/" + id + "/delete", "/api/v1/metrics/model/train/now")
                    : Pick(random, "/api/v1/remediation/events/" + id + "/approve", "/api/v1/nothing", "/api/v2/health", "/api/v1/setup/mode/x", "/api/v1/remediation/events/" + id + "/delete");
                return new FuzzCase("unknown route or method", method, path, null, null, key);
            case 8:
                return new FuzzCase("analyze or model training, malformed", HttpMethod.Post,
                    Pick(random, $"/api/v1/anomalies/analyze/{unknownId}", "/api/v1/metrics/model/train"),
                    Pick(random, InvalidText(random), Encoding.UTF8.GetBytes("{\"entity_types\":5}"), Encoding.UTF8.GetBytes("{\"x\":")), "application/json", key);
            default:
                return new FuzzCase("reads", HttpMethod.Get, Pick(random, "/api/v1/health", "/api/v1/remediation/events", $"/api/v1/remediation/events/{id}",
                    $"/api/v1/remediation/events/{unknownId}", "/api/v1/setup/mode", "/api/v1/metrics/model/info", "/api/v1/openapi.json"), null, null, key);
        }
    }

    private static byte[] InvalidText(Random random) => random.Next(3) switch
    {
        0 => Bytes("{\"comment\":\"ok", [0xC3, 0x28], "\"}"),
        1 => Encoding.UTF8.GetBytes(Pick(random, "{\"comment\":\"\\ud800\"}", "{\"by\":\"\\udc00x\"}", "{\"commands\":[\"restart\\ud800\"]}")),
        _ => Bytes("{\"comment\":\"", [0xFF, 0xFE, 0xED, 0xA0, 0x80], "\"}"),
    };

    private static byte[] Bytes(string head, byte[] middle, string tail) => [.. Encoding.UTF8.GetBytes(head), .. middle, .. Encoding.UTF8.GetBytes(tail)];

    private static byte[] Flip(Random random, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    /// <summary>Everything a rejected request must leave alone: each event's status and version, the mode, each orchestration.</summary>
    private static async Task<string> SnapshotAsync(EndToEndSystem e2e)
    {
        var events = (await e2e.GetJsonAsync("remediation/events?limit=500"))["events"]!.AsArray()
            .Select(e => $"{e!["anomaly_id"]}:{e["status"]}:{e["version"]}");
        var mode = (await e2e.GetJsonAsync("setup/mode"))["mode"]!.ToJsonString();
        var orchestrations = (await e2e.OrchestrationsAsync())
            .Select(o => $"{o.InstanceId}:{o.RuntimeStatus}:{o.LastUpdatedAt:O}:{o.SerializedCustomStatus}").Order(StringComparer.Ordinal);
        return $"events {string.Join(" ", events)}\nmode {mode}\norchestrations {string.Join(" ", orchestrations)}";
    }
}
