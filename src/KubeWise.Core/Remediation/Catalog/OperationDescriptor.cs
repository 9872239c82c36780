using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// What one catalog operation is: its seed name, typed parameters, target kind, whether a rollback can undo it and
/// which fields it changes. Parameters are listed in the order the text form prints them.
/// </summary>
/// <param name="Name">The seed's operation name, e.g. <c>scale_deployment</c>.</param>
/// <param name="Summary">One sentence a person reads in <c>GET /remediation/commands</c> and the model reads in its schema.</param>
/// <param name="TargetKind">The kind of object the command changes.</param>
/// <param name="Reversible">Whether a rollback can restore <paramref name="ChangedFields"/> (false for restarts and deletions).</param>
/// <param name="ChangedFields">Paths of the fields it writes, relative to the target; <c>{param}</c> stands for a parameter's value.</param>
/// <param name="Parameters">The typed parameters in print order.</param>
/// <param name="Example">A valid text form, shown to people and the model.</param>
/// <param name="Create">Builds the typed command from validated arguments, or returns why the combination is invalid.</param>
public sealed record OperationDescriptor(
    string Name,
    string Summary,
    string TargetKind,
    bool Reversible,
    IReadOnlyList<string> ChangedFields,
    IReadOnlyList<ParameterSpec> Parameters,
    string Example,
    Func<ArgumentValues, CommandBuild> Create)
{
    /// <summary>The parameters as one OpenAPI-subset object schema: usable as a Gemini function declaration's <c>parameters</c>.</summary>
    public JsonObject ToSchema()
    {
        var properties = new JsonObject();
        foreach (var parameter in Parameters)
        {
            properties[parameter.Name] = parameter.ToSchema();
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(Parameters.Where(p => p.Required).Select(p => (JsonNode)JsonValue.Create(p.Name)).ToArray()),
        };
    }

    /// <summary>A Gemini function declaration (<c>tools.functionDeclarations[]</c>) for this operation.</summary>
    public JsonObject ToFunctionDeclaration() => new()
    {
        ["name"] = Name,
        ["description"] = Summary,
        ["parameters"] = ToSchema(),
    };

    /// <summary>The listing entry served by <c>GET /remediation/commands</c>.</summary>
    public JsonObject ToListing() => new()
    {
        ["name"] = Name,
        ["description"] = Summary,
        ["target_kind"] = TargetKind,
        ["reversible"] = Reversible,
        ["changes"] = new JsonArray(ChangedFields.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
        ["example"] = Example,
        ["schema"] = ToSchema(),
    };
}

/// <summary>The outcome of <see cref="OperationDescriptor.Create"/>: a command, or why the arguments do not fit together.</summary>
public readonly record struct CommandBuild(RemediationCommand? Command, string? Error)
{
    public static implicit operator CommandBuild(RemediationCommand command) => new(command, null);

    public static CommandBuild Invalid(string error) => new(null, error);
}
