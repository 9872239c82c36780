using System.CommandLine;
using System.Text.Json.Nodes;
using KubeWise.Cli.Api;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise mode [AUTO|MANUAL]</c>: show or set the remediation mode (MANUAL brakes every running remediation).</summary>
internal static class ModeCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var mode = new Argument<string>("mode") { Description = "AUTO or MANUAL; omit to show the current mode.", Arity = ArgumentArity.ZeroOrOne };
        mode.AcceptOnlyFromAmong("AUTO", "MANUAL", "auto", "manual");
        var command = new Command("mode", "Show or set the remediation mode (GET/POST /api/v1/setup/mode).") { mode };
        api.AddTo(command);
        command.SetAction((parse, ct) => parse.GetValue(mode) is { Length: > 0 } wanted
            ? api.RunAsync(parse, (client, token) => client.PostAsync("api/v1/setup/mode", new JsonObject { ["mode"] = wanted.ToUpperInvariant() }, token), Render, ct)
            : api.RunAsync(parse, (client, token) => client.GetAsync("api/v1/setup/mode", token), Render, ct));
        return command;
    }

    internal static void Render(JsonNode reply, TextWriter output)
    {
        var at = EventsCommand.Text(reply["changed_at"]);
        output.WriteLine($"Mode {EventsCommand.Text(reply["mode"])} (set by {EventsCommand.Text(reply["changed_by"])}{(at.Length > 0 ? $" at {at}" : string.Empty)}).");
    }
}
