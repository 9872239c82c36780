using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using KubeWise.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// People racing on one decision: 20 incidents wait for approval, and on each 2–5 callers (each under their own name)
/// send approve, reject or remediate at the same moment over real HTTP. Exactly one gets a 2xx; every other gets a 409
/// naming the winning decision, who made it and when; and every answer agrees with what the event records.
/// </summary>
public sealed class DecisionRaceTests(ITestOutputHelper output)
{
    private const int Races = 20;
    private static readonly string[] Kinds = ["approve", "reject", "remediate"];

    [Theory]
    [InlineData(StoreKind.LiteDb)]
    [InlineData(StoreKind.MongoDb)]
    public async Task Race_ConcurrentDecisionsOnOneEvent_ExactlyOneWinsAndEveryAnswerMatchesTheEvent(StoreKind store)
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions
        {
            Store = store,
            Gemini = false,
            Settings = new Dictionary<string, string?>
            {
                // Each racer is a different person (App Service authentication in front), all with the one function key.
                ["Api:TrustPrincipalHeaders"] = "true",
                ["Api:RemediateWait"] = "00:00:01",
                ["Api:DecisionWait"] = "00:00:01",
            },
        });
        for (var i = 0; i < Races; i++)
        {
            e2e.Cluster.AddCrashLooping("race", $"svc-{i:00}");
        }

        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();
        var waiting = await WaitForWaitingAsync(e2e, Races, TimeSpan.FromSeconds(150));

        using var http = new HttpClient { BaseAddress = new Uri(e2e.Url + "/api/v1/") };
        http.DefaultRequestHeaders.Add("x-functions-key", EndToEndSystem.Key);
        var mix = new Dictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        for (var race = 0; race < Races; race++)
        {
            var anomaly = waiting[race];
            var id = anomaly["anomaly_id"]!.GetValue<string>();
            var command = anomaly["suggested_remediation_commands"]![0]!.GetValue<string>();
            var callers = 2 + (race % 4);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = Enumerable.Range(0, callers).Select(async c =>
            {
                var kind = Kinds[(race + c) % Kinds.Length];
                var who = $"racer-{race:00}-{c}";
                await gate.Task;
                var body = kind == "remediate" ? new JsonObject { ["command"] = command } : new JsonObject { ["comment"] = $"{kind} from {who}" };
                using var request = new HttpRequestMessage(HttpMethod.Post, $"remediation/events/{id}/{kind}")
                {
                    Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", who);
                using var response = await http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                return new Answer(kind, who, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonNode.Parse(text)!);
            }).ToList();
            gate.SetResult();
            var answers = await Task.WhenAll(calls);
            foreach (var a in answers)
            {
                var key = $"{a.Kind} {a.Status}";
                mix[key] = mix.GetValueOrDefault(key) + 1;
            }

            var winners = answers.Where(a => a.Status is >= 200 and < 300).ToList();
            var all = string.Join(Environment.NewLine, answers.Select(a => $"{a.Who} {a.Kind}: {a.Status} {a.Body.ToJsonString()}"));
            var winner = Assert.Single(winners);

            // The event: one decision, the winner's.
            var stored = await e2e.GetJsonAsync($"remediation/events/{id}");
            var recorded = Assert.Single(stored["approval_decisions"]!.AsArray())!;
            var decided = winner.Kind == "reject" ? "rejected" : "approved";
            Assert.True((Text(recorded["by"]), Text(recorded["decision"])) == (winner.Who, decided), $"Event records {recorded.ToJsonString()}; answers:{Environment.NewLine}{all}");

            // The winner was told what the event records.
            if (winner.Kind == "remediate")
            {
                Assert.True(winner.Status == 202 ? Text(winner.Body["message"]).Contains(winner.Who, StringComparison.Ordinal) : Text(winner.Body["approved_by"]) == winner.Who, all);
            }
            else
            {
                Assert.Equal((decided, winner.Who), (Text(winner.Body["decision"]), Text(winner.Body["by"])));
                Assert.Equal(winner.Kind == "reject" ? "Rejected" : "Approved", Text(winner.Body["event_status"]));
            }

            // Every other caller: 409 problem details naming the winning decision, who made it and when.
            foreach (var loser in answers.Where(a => a != winner))
            {
                Assert.True(loser.Status == 409, $"{loser.Who} {loser.Kind}: {loser.Status}{Environment.NewLine}{all}");
                Assert.Equal("application/problem+json", loser.MediaType);
                Assert.Equal((winner.Who, decided), (Text(loser.Body["decision"]?["by"]), Text(loser.Body["decision"]?["decision"])));
                Assert.Equal(recorded["at"]!.GetValue<DateTimeOffset>(), loser.Body["decision"]!["at"]!.GetValue<DateTimeOffset>());
                Assert.Contains(winner.Who, Text(loser.Body["detail"]), StringComparison.Ordinal);
            }

            // A rejected event ends Rejected; an approved one is never Rejected.
            var final = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60),
                decided == "rejected" ? ["Rejected"] : ["Approved", "Remediating", "Verifying", "Resolved", "RemediationFailed", "RemediationSuggested"]);
            Assert.Single(final["approval_decisions"]!.AsArray());
        }

        output.WriteLine($"{store}: {Races} races decided in {clock.Elapsed.TotalSeconds:F1} s; status mix: {string.Join(", ", mix.OrderBy(m => m.Key).Select(m => $"{m.Key} ×{m.Value}"))}");
        Assert.Equal(Races, (await e2e.OrchestrationsAsync()).Count);
    }

    /// <summary>All <paramref name="count"/> incidents in AwaitingApproval, oldest first.</summary>
    private static async Task<List<JsonNode>> WaitForWaitingAsync(EndToEndSystem e2e, int count, TimeSpan timeout)
    {
        var limit = DateTime.UtcNow + timeout;
        while (true)
        {
            var page = (await e2e.GetJsonAsync("remediation/events?status=AwaitingApproval&limit=100"))["events"]!.AsArray();
            if (page.Count >= count)
            {
                return [.. page.Select(n => n!).OrderBy(n => Text(n["entity_id"]))];
            }

            if (DateTime.UtcNow > limit)
            {
                var all = await e2e.GetJsonAsync("remediation/events?limit=100");
                throw new TimeoutException($"{page.Count} of {count} events in AwaitingApproval after {timeout}: {all.ToJsonString()}; failed ticks: {string.Join(" | ", e2e.TickFailures)}");
            }

            await Task.Delay(250);
        }
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private sealed record Answer(string Kind, string Who, int Status, string? MediaType, JsonNode Body);
}
