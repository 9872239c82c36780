using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Application.Api;

/// <summary>One operation of the closed catalog, as <c>GET /remediation/commands</c> lists it.</summary>
public sealed record CommandInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("target_kind")] string TargetKind,
    [property: JsonPropertyName("reversible")] bool Reversible,
    [property: JsonPropertyName("changes")] IReadOnlyList<string> Changes,
    [property: JsonPropertyName("example")] string Example,
    [property: JsonPropertyName("schema")] JsonObject Schema);

public sealed record CommandList([property: JsonPropertyName("commands")] IReadOnlyList<CommandInfo> Commands);

/// <summary>The closed catalog of operations KubeWise can run (built-in and configured custom ones).</summary>
public sealed class CommandsHandler(RemediationCatalog catalog)
{
    public ApiReply<CommandList> List() =>
        new CommandList([.. catalog.Operations.Select(o => new CommandInfo(o.Name, o.Summary, o.TargetKind, o.Reversible, [.. o.ChangedFields], o.Example, o.ToSchema()))]);
}
