using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeWise.EndToEnd.Tests.Harness;
using KubeWise.Testing;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// docs/walkthrough.md ("Walkthrough: a MANUAL fix end to end"), run for real: the same incident as scenario 1, handled
/// once with curl-style HTTP calls and once with the <c>kubewise</c> CLI. Each run writes its transcript (commands and the
/// real answers) to the test output, and the walkthrough page must show the same commands and answers of the same shape.
/// </summary>
public sealed partial class WalkthroughTests
{
    private const string Comment = "Config fixed in #4711; restart to pick it up.";
    private const string Curl = "curl -s -H \"x-functions-key: $KUBEWISE_API_KEY\" \"$KUBEWISE_API_URL/api/v1/remediation/events";

    [Fact]
    public async Task Walkthrough_Curl_ListInspectApproveWatchItResolve()
    {
        await using var e2e = await StartIncidentAsync();
        var transcript = new Transcript("curl");

        var listed = await e2e.WaitForEventAsync("AwaitingApproval");
        var id = listed["anomaly_id"]!.GetValue<string>();
        var list = await e2e.GetJsonAsync("remediation/events?status=AwaitingApproval");
        // What jq's filter below prints: one object per event.
        var brief = list["events"]!.AsArray().Select(e => Transcript.Jq(new JsonObject
        {
            ["anomaly_id"] = e!["anomaly_id"]!.DeepClone(),
            ["status"] = e["status"]!.DeepClone(),
            ["entity"] = $"{e["entity_type"]}/{e["namespace"]}/{e["entity_id"]}",
            ["root_cause"] = e["ai_analysis"]!["root_cause"]!.DeepClone(),
            ["commands"] = e["suggested_remediation_commands"]!.DeepClone(),
        }));
        transcript.Add($"{Curl}?status=AwaitingApproval\" | jq '.events[] | {{anomaly_id, status, entity: \"\\(.entity_type)/\\(.namespace)/\\(.entity_id)\", root_cause: .ai_analysis.root_cause, commands: .suggested_remediation_commands}}'",
            string.Join("\n", brief));
        Assert.Equal(1, list["total"]!.GetValue<int>());

        var waiting = await e2e.GetJsonAsync($"remediation/events/{id}");
        transcript.Add($"{Curl}/{id}\" | jq .", Transcript.Jq(waiting));
        Assert.Equal("AwaitingApproval", waiting["status"]!.GetValue<string>());

        var (status, decision) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject { ["comment"] = Comment });
        transcript.Add($"{Curl}/{id}/approve\" -X POST -H \"content-type: application/json\" -d '{{\"comment\": \"{Comment}\"}}' | jq .", Transcript.Jq(decision!));
        Assert.Equal(200, status);

        var done = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        var watched = new JsonObject
        {
            ["status"] = done["status"]!.DeepClone(),
            ["verification"] = done["verification"]!.DeepClone(),
            ["trail"] = new JsonArray([.. Scenario.StatusTrail(done).Select(s => (JsonNode)JsonValue.Create(s))]),
        };
        transcript.Add($"watch -n 5 '{Curl}/{id}\" | jq \"{{status, verification, trail: [.audit_trail[] | select(.to_status) | .to_status]}}\"'", Transcript.Jq(watched));
        Assert.Equal("Resolved", done["status"]!.GetValue<string>());
        transcript.Write();
        AssertWalkthroughShows(transcript);
    }

    [Fact]
    public async Task Walkthrough_Cli_EventsEventApproveAndTheResolvedEvent()
    {
        await using var e2e = await StartIncidentAsync();
        var transcript = new Transcript("cli");
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();

        var events = await e2e.CliAsync("events", "--status", "AwaitingApproval");
        transcript.Add("kubewise events --status AwaitingApproval", events.Out);
        Assert.True(events.Exit == 0, events.Err);
        Assert.Contains(id, events.Out, StringComparison.Ordinal);

        var shown = await e2e.CliAsync("event", id);
        transcript.Add($"kubewise event {id}", shown.Out);
        Assert.Contains("restart_deployment name=checkout ns=shop", shown.Out, StringComparison.Ordinal);

        var approved = await e2e.CliAsync("approve", id, "--comment", Comment);
        transcript.Add($"kubewise approve {id} --comment \"{Comment}\"", approved.Out);
        Assert.True(approved.Exit == 0, approved.Err);
        Assert.Contains($"Approved event {id} as {EndToEndSystem.Caller}.", approved.Out, StringComparison.Ordinal);

        await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed", "RemediationSuggested");
        var resolved = await e2e.CliAsync("event", id);
        transcript.Add($"kubewise event {id}", resolved.Out);
        Assert.Contains("Status    Resolved", resolved.Out, StringComparison.Ordinal);
        transcript.Write();
        AssertWalkthroughShows(transcript);
    }

    private static async Task<EndToEndSystem> StartIncidentAsync()
    {
        var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions());
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();
        return e2e;
    }

    /// <summary>
    /// The walkthrough page has each command of the run (ids aside), and each answer there has the shape of the real
    /// one: the same JSON field names, or for the CLI the same line labels.
    /// </summary>
    private static void AssertWalkthroughShows(Transcript transcript)
    {
        var page = File.ReadAllText(RepositoryPaths.Combine("docs", "walkthrough.md"));
        Assert.True(
            page.StartsWith("# Walkthrough: a MANUAL fix end to end", StringComparison.Ordinal),
            "docs/walkthrough.md does not start with \"# Walkthrough: a MANUAL fix end to end\".");
        var blocks = Block().Matches(page).Select(m => (Command: m.Groups[1].Value.Trim(), Output: m.Groups[2].Value.TrimEnd())).ToList();
        foreach (var (command, output) in transcript.Steps)
        {
            var shown = blocks.Where(b => Transcript.Shape(b.Command) == Transcript.Shape(command)).ToList();
            Assert.True(shown.Count > 0, $"docs/walkthrough.md lacks: $ {command}");
            Assert.Contains(shown, b => ShapeOf(b.Output) == ShapeOf(output));
        }
    }

    /// <summary>JSON: its field names in order; text: the first word of each line, times and ids blanked.</summary>
    private static string ShapeOf(string output)
    {
        if (output.StartsWith('{'))
        {
            return string.Join(",", FieldName().Matches(output).Select(m => m.Groups[1].Value).Distinct());
        }

        var blanked = Timestamp().Replace(Transcript.Shape(output), "<t>");
        return string.Join("|", blanked.Split('\n').Select(l => l.TrimStart().Split(' ')[0]));
    }

    [GeneratedRegex("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+[+-]\\d{2}:\\d{2}")]
    private static partial Regex Timestamp();

    [GeneratedRegex("```console\\n\\$ (.*?)\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex("\"([a-z_]+)\":")]
    private static partial Regex FieldName();
}
