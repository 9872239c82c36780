using System.CommandLine;
using System.Text.Json.Nodes;
using KubeWise.Cli.Api;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise reject ID [--comment C]</c>: refuse an event's suggested fix; nothing is applied.</summary>
internal static class RejectCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var id = new Argument<string>("id") { Description = "The event's anomaly_id." };
        var comment = new Option<string>("--comment") { Description = "Why; recorded with the decision." };
        var command = new Command("reject", "Reject an event awaiting approval (POST …/reject); nothing is applied.") { id, comment };
        api.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var body = new JsonObject();
            if (parse.GetValue(comment) is { } c)
            {
                body["comment"] = c;
            }

            return api.RunAsync(parse, (client, token) => client.PostAsync(KubeWiseApiClient.EventPath(parse.GetValue(id)!) + "/reject", body, token), ApproveCommand.RenderDecision, ct);
        });
        return command;
    }
}
