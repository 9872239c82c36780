using System.Text.Json.Nodes;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// The catalog in the forms other parts send or serve: Gemini function declarations, a structured-output item schema
/// (OpenAPI subset: type, properties, required, enum; no <c>$ref</c>), and the <c>GET /remediation/commands</c> listing.
/// </summary>
public static class CatalogSchemas
{
    /// <summary><c>tools[0].functionDeclarations</c>: one function per operation, its parameters as an object schema.</summary>
    public static JsonArray FunctionDeclarations(this RemediationCatalog catalog) =>
        new([.. catalog.Operations.Select(o => (JsonNode)o.ToFunctionDeclaration())]);

    /// <summary>
    /// One command as a flat object for <c>responseSchema</c>: <c>operation</c> (enum of every operation) plus every parameter
    /// any operation takes. The schema cannot say which parameters go with which operation; <see cref="RemediationCatalog.ParseItem"/>
    /// checks that, so a mismatched item is dropped with a reason.
    /// </summary>
    public static JsonObject CommandItemSchema(this RemediationCatalog catalog)
    {
        var properties = new JsonObject
        {
            ["operation"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The operation to run; see each operation's description.",
                ["enum"] = new JsonArray([.. catalog.Operations.Select(o => (JsonNode)JsonValue.Create(o.Name))]),
            },
        };
        foreach (var parameter in catalog.Operations.SelectMany(o => o.Parameters))
        {
            if (properties[parameter.Name] is null)
            {
                var schema = parameter.ToSchema();
                if (parameter.Name is CommonParameters.NameKey or CommonParameters.NamespaceKey)
                {
                    schema["description"] = parameter.Name == CommonParameters.NameKey ? "Name of the target object." : "Namespace of the target object (omit for nodes).";
                }

                properties[parameter.Name] = schema;
            }
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = string.Join(" ", catalog.Operations.Select(o => $"{o.Name}: {o.Summary} Example: {o.Example}.")),
            ["properties"] = properties,
            ["required"] = new JsonArray("operation", CommonParameters.NameKey),
        };
    }

    /// <summary>The body of <c>GET /remediation/commands</c>: every operation with its description, changes, reversibility and schema.</summary>
    public static JsonArray Listing(this RemediationCatalog catalog) =>
        new([.. catalog.Operations.Select(o => (JsonNode)o.ToListing())]);
}
