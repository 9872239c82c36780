using System.CommandLine;
using System.Text.Json.Nodes;
using KubeWise.Cli.Api;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise event ID</c>: one event with its analysis, suggested commands, decisions, attempts and audit trail.</summary>
internal static class EventCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var id = new Argument<string>("id") { Description = "The event's anomaly_id." };
        var sent = new Option<bool>("--sent") { Description = "Show what was sent to the model for this event and what it answered, byte for byte (GET /api/v1/remediation/events/{id}/sent)." };
        var command = new Command("event", "Show one anomaly event (GET /api/v1/remediation/events/{id}).") { id, sent };
        api.AddTo(command);
        command.SetAction((parse, ct) => parse.GetValue(sent)
            ? api.RunAsync(parse, (client, token) => client.GetAsync(KubeWiseApiClient.EventPath(parse.GetValue(id)!) + "/sent", token), RenderSent, ct)
            : api.RunAsync(parse, (client, token) => client.GetAsync(KubeWiseApiClient.EventPath(parse.GetValue(id)!), token), Render, ct));
        return command;
    }

    /// <summary>Each model exchange: who, when, how long; the request's headers and body as sent; the raw answer.</summary>
    internal static void RenderSent(JsonNode sent, TextWriter output)
    {
        string T(JsonNode? n) => EventsCommand.Text(n);
        var exchanges = sent["exchanges"]?.AsArray() ?? [];
        if (exchanges.Count == 0)
        {
            output.WriteLine($"Nothing was sent to a model for event {T(sent["anomaly_id"])}: the rules answered without asking one.");
            return;
        }

        var number = 0;
        foreach (var x in exchanges)
        {
            number++;
            var status = x?["status"] is { } s ? $"HTTP {T(s)}" : $"no answer ({T(x?["error"])})";
            output.WriteLine($"#{number} {T(x?["purpose"])} → {T(x?["provider"])} ({T(x?["model"])}) at {T(x?["at"])}: {status} in {T(x?["latency_ms"])} ms");
            output.WriteLine($"{T(x?["method"])} {T(x?["url"])}");
            foreach (var (name, value) in x?["request_headers"]?.AsObject() ?? [])
            {
                output.WriteLine($"{name}: {T(value)}");
            }

            output.WriteLine();
            output.WriteLine(T(x?["request_body"]));
            if (x?["request_truncated"]?.GetValue<bool>() == true)
            {
                output.WriteLine($"… (cut; {T(x["request_bytes"])} bytes were sent)");
            }

            output.WriteLine();
            output.WriteLine("Answer:");
            output.WriteLine(T(x?["response_body"]));
            if (x?["response_truncated"]?.GetValue<bool>() == true)
            {
                output.WriteLine($"… (cut; {T(x["response_bytes"])} bytes were received)");
            }

            output.WriteLine();
        }
    }

    internal static void Render(JsonNode e, TextWriter output)
    {
        string T(JsonNode? n) => EventsCommand.Text(n);
        output.WriteLine($"Anomaly   {T(e["anomaly_id"])}");
        output.WriteLine($"Status    {T(e["status"])}");
        output.WriteLine($"Entity    {EventsCommand.Entity(e)}");
        output.WriteLine($"Detected  {T(e["detection_timestamp"])}  score {T(e["anomaly_score"])}");
        if (e["ai_analysis"] is JsonObject analysis)
        {
            output.WriteLine($"Analysis  [{T(analysis["severity"])}] {T(analysis["root_cause"])}");
            if (T(analysis["description"]) is { Length: > 0 } description)
            {
                output.WriteLine($"          {description}");
            }
        }

        foreach (var item in e["evidence"]?.AsArray() ?? [])
        {
            output.WriteLine($"Evidence  {T(item?["detector"])}: {T(item?["message"])}");
        }

        var commands = e["suggested_remediation_commands"]?.AsArray() ?? [];
        output.WriteLine(commands.Count == 0 ? "Suggested (none)" : "Suggested");
        foreach (var c in commands)
        {
            output.WriteLine($"  - {T(c)}");
        }

        // Every proposal and what became of it, so a refusal is visible where the decision is made.
        var proposals = e["proposals"]?.AsArray() ?? [];
        if (proposals.Any(p => T(p?["outcome"]) != "accepted"))
        {
            output.WriteLine("Proposals");
            foreach (var p in proposals)
            {
                output.WriteLine($"  - {T(p?["outcome"])}: {T(p?["proposal"])}{(T(p?["reason"]) is { Length: > 0 } why ? $" ({why})" : string.Empty)}");
            }
        }

        foreach (var d in e["approval_decisions"]?.AsArray() ?? [])
        {
            output.WriteLine($"Decision  {T(d?["decision"])} by {T(d?["by"])} at {T(d?["at"])}{(T(d?["comment"]) is { Length: > 0 } c ? $": {c}" : string.Empty)}");
        }

        foreach (var a in e["remediation_attempts"]?.AsArray() ?? [])
        {
            output.WriteLine($"Attempt   {T(a?["status"])} {T(a?["command"])} at {T(a?["started_at"])}{(T(a?["error"]) is { Length: > 0 } err ? $" ({err})" : string.Empty)}");
        }

        if (e["verification"] is JsonObject v)
        {
            output.WriteLine($"Verified  {(v["success"]?.GetValue<bool>() == true ? "fixed" : "not fixed")} by {T(v["method"])}: {T(v["summary"])}");
        }

        output.WriteLine("Audit trail");
        foreach (var entry in e["audit_trail"]?.AsArray() ?? [])
        {
            output.WriteLine($"  {T(entry?["at"])}  {T(entry?["actor"])}: {T(entry?["action"])}{(T(entry?["comment"]) is { Length: > 0 } c ? $" — {c}" : string.Empty)}");
        }
    }
}
