using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Cli.Api;
using KubeWise.Core.Entities;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise events [--status S]</c>: anomaly events from the API, newest first.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var api = new ApiCommandOptions();
        var status = new Option<string>("--status") { Description = "Only events in this status (comma-separated), e.g. AwaitingApproval." };
        var ns = new Option<string>("--namespace") { Description = "Only events in this namespace." };
        var limit = new Option<int>("--limit") { Description = "At most this many events (1–500).", DefaultValueFactory = _ => 50 };
        var command = new Command("events", "List anomaly events (GET /api/v1/remediation/events).") { status, ns, limit };
        api.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var query = new List<string> { $"limit={parse.GetValue(limit).ToString(CultureInfo.InvariantCulture)}" };
            if (parse.GetValue(status) is { Length: > 0 } s)
            {
                query.Add("status=" + Uri.EscapeDataString(s));
            }

            if (parse.GetValue(ns) is { Length: > 0 } n)
            {
                query.Add("namespace=" + Uri.EscapeDataString(n));
            }

            return api.RunAsync(parse, (client, token) => client.GetAsync("api/v1/remediation/events?" + string.Join('&', query), token), (body, output, url) => Render(body, output, url), ct);
        });
        return command;
    }

    internal static void Render(JsonNode body, TextWriter output) => Render(body, output, null);

    /// <summary>The table, then each event's incident page on the dashboard beside the API at <paramref name="api"/>.</summary>
    internal static void Render(JsonNode body, TextWriter output, Uri? api)
    {
        var events = body["events"]?.AsArray() ?? [];
        var rows = events.Select(e => new[]
        {
            Text(e?["anomaly_id"]),
            Text(e?["status"]),
            Entity(e),
            Text(e?["ai_analysis"]?["severity"]),
            Text(e?["detection_timestamp"]),
            (e?["suggested_remediation_commands"]?.AsArray().Count ?? 0).ToString(CultureInfo.InvariantCulture),
        }).ToList();
        Table.Write(output, ["ANOMALY ID", "STATUS", "ENTITY", "SEVERITY", "DETECTED", "COMMANDS"], rows);
        output.WriteLine($"{rows.Count} of {body["total"]?.ToString() ?? rows.Count.ToString(CultureInfo.InvariantCulture)} event(s).");
        if (api is null)
        {
            return;
        }

        foreach (var row in rows)
        {
            output.WriteLine($"Incident page: {DashboardHandler.IncidentLink(api.GetLeftPart(UriPartial.Path).TrimEnd('/'), row[0])}");
        }
    }

    /// <summary>The event's entity in its text form; a type this version does not know is shown as the server sent it.</summary>
    internal static string Entity(JsonNode? e)
    {
        var (type, ns, name) = (Text(e?["entity_type"]), Text(e?["namespace"]), Text(e?["entity_id"]));
        if (EntityTypeNames.TryParse(type, out _))
        {
            return EntityKey.FromSeedFields(type, ns, name).ToString();
        }

        return ns.Length == 0 ? $"{type}/{name}" : $"{type}/{ns}/{name}";
    }

    internal static string Text(JsonNode? node) => node is JsonValue v ? v.ToString() : string.Empty;
}
