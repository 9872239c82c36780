using System.CommandLine;
using System.Text.Json.Nodes;
using KubeWise.Cli.Api;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise approve ID [--comment C] [--command X]…</c>: approve an event's suggested fix (or some of its commands).</summary>
internal static class ApproveCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var id = new Argument<string>("id") { Description = "The event's anomaly_id." };
        var comment = new Option<string>("--comment") { Description = "Why; recorded with the decision." };
        var commands = new Option<string[]>("--command") { Description = "Approve only this suggested command (repeatable; default: all of them)." };
        var command = new Command("approve", "Approve an event awaiting approval (POST …/approve). Who approved comes from your key or sign-in.") { id, comment, commands };
        api.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var body = new JsonObject();
            if (parse.GetValue(comment) is { } c)
            {
                body["comment"] = c;
            }

            if (parse.GetValue(commands) is { Length: > 0 } subset)
            {
                body["commands"] = new JsonArray([.. subset.Select(s => (JsonNode)JsonValue.Create(s))]);
            }

            return api.RunAsync(parse, (client, token) => client.PostAsync(KubeWiseApiClient.EventPath(parse.GetValue(id)!) + "/approve", body, token), RenderDecision, ct);
        });
        return command;
    }

    internal static void RenderDecision(JsonNode reply, TextWriter output)
    {
        string T(JsonNode? n) => EventsCommand.Text(n);
        var recorded = T(reply["status"]) == "recorded";
        output.WriteLine($"{Capitalize(T(reply["decision"]))} event {T(reply["event_id"])} as {T(reply["by"])}.");
        output.WriteLine(recorded
            ? $"The workflow recorded it; the event is now {T(reply["event_status"])}."
            : $"The workflow received it and records it shortly; follow it with: kubewise event {T(reply["event_id"])}");
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
