using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using KubeWise.Core.Events;

namespace KubeWise.Application.Api;

/// <summary>
/// The OpenAPI 3.1 document, generated from <see cref="ApiOperations.All"/>: paths from the routes, and every request and
/// response schema exported by <see cref="JsonSchemaExporter"/> from the records the handlers take and answer, with
/// <see cref="ApiJson.Options"/> (the options replies are written with), so the document cannot drift from the code.
/// </summary>
public static class OpenApiGenerator
{
    public const string Version = "3.1.1";
    public const string KeyScheme = "functionKey";
    private const string SchemaRoot = "#/components/schemas/";

    private static readonly Dictionary<int, string> ErrorText = new()
    {
        [400] = "The request is invalid; the problem's detail and errors say what to change.",
        [401] = "No valid function key.",
        [404] = "No event has this id.",
        [409] = "The event is not awaiting approval.",
        [413] = "The body is too large.",
        [415] = "The body is not JSON.",
        [503] = "A dependency (the store, Prometheus or the workflow host) is unavailable; nothing was changed, retry later.",
    };

    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Describe,
    };

    public static JsonObject Build(string version)
    {
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var group in ApiOperations.All.GroupBy(o => o.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var operation in group)
            {
                item[operation.Method] = Operation(operation, schemas);
            }

            paths[group.Key] = item;
        }

        return new JsonObject
        {
            ["openapi"] = Version,
            ["info"] = new JsonObject
            {
                ["title"] = "KubeWise API",
                ["version"] = version,
                ["description"] = "Anomaly events, approvals and remediation for Kubernetes. Every endpoint except health needs a function key (header x-functions-key or query code).",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    [KeyScheme] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = CallerIdentity.FunctionKeyHeader },
                },
                ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            },
        };
    }

    /// <summary>The schema of <paramref name="type"/> as the API writes it (for tests that validate real answers).</summary>
    public static JsonNode SchemaOf(Type type) => ApiJson.Options.GetJsonSchemaAsNode(type, ExporterOptions);

    private static JsonObject Operation(ApiOperation operation, SortedDictionary<string, JsonNode> schemas)
    {
        var parameters = new JsonArray();
        if (operation.Route.Contains("{id}", StringComparison.Ordinal))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "id",
                ["in"] = "path",
                ["required"] = true,
                ["description"] = "The event's anomaly_id (a UUID).",
                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uuid" },
            });
        }

        foreach (var query in operation.Query)
        {
            parameters.Add(new JsonObject { ["name"] = query, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var responses = new JsonObject();
        foreach (var response in operation.Responses)
        {
            responses[Code(response.Status)] = new JsonObject
            {
                ["description"] = response.Description,
                ["content"] = new JsonObject { [response.MediaType] = new JsonObject { ["schema"] = Reference(response.Body, response.MediaType, schemas) } },
            };
        }

        foreach (var status in operation.AllErrors)
        {
            responses[Code(status)] = new JsonObject
            {
                ["description"] = ErrorText[status],
                ["content"] = new JsonObject { [ApiProblem.ContentType] = new JsonObject { ["schema"] = Reference(typeof(ApiProblem), null, schemas) } },
            };
        }

        var result = new JsonObject
        {
            ["operationId"] = operation.Name,
            ["summary"] = operation.Summary,
            ["tags"] = new JsonArray(operation.Route.Split('/')[1]),
            ["parameters"] = parameters,
            ["responses"] = responses,
            ["security"] = operation.Anonymous ? new JsonArray() : new JsonArray(new JsonObject { [KeyScheme] = new JsonArray() }),
        };
        if (operation.Request is { } request)
        {
            result["requestBody"] = new JsonObject
            {
                ["required"] = operation.RequestRequired,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(request, null, schemas) } },
            };
        }

        return result;
    }

    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A <c>$ref</c> to the type's schema in <c>components</c>, exported on first use.</summary>
    private static JsonObject Reference(Type type, string? mediaType, SortedDictionary<string, JsonNode> schemas)
    {
        if (type == typeof(ApiContent))
        {
            // Served as it is: the page is text; the document is this very document.
            return mediaType is not null && mediaType.StartsWith("text/", StringComparison.Ordinal) ? new JsonObject { ["type"] = "string" } : new JsonObject { ["type"] = "object" };
        }

        var name = type.Name;
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = Rebase(SchemaOf(type), SchemaRoot + name);
        }

        return new JsonObject { ["$ref"] = SchemaRoot + name };
    }

    /// <summary>The exporter points repeated (recursive) parts at its own root (<c>#/…</c>); in the document that root is the component.</summary>
    private static JsonNode Rebase(JsonNode schema, string root)
    {
        foreach (var node in Descendants(schema).OfType<JsonObject>())
        {
            if (node["$ref"] is JsonValue reference && reference.GetValue<string>() is var text && text.StartsWith('#') && !text.StartsWith(SchemaRoot, StringComparison.Ordinal))
            {
                node["$ref"] = root + text[1..];
            }
        }

        return schema;
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().ToList())
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>Descriptions, allowed values and the wire form of types with their own converters.</summary>
    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        // A "true" schema (any value) as an object, so it can carry a description; OpenAPI readers expect objects.
        var obj = schema as JsonObject ?? [];
        if (context.TypeInfo.Type == typeof(MetricPoint))
        {
            obj = new JsonObject
            {
                ["type"] = "array",
                ["description"] = "A sample: [unix_seconds, \"value\"].",
                ["prefixItems"] = new JsonArray(new JsonObject { ["type"] = "number" }, new JsonObject { ["type"] = "string" }),
                ["minItems"] = 2,
                ["maxItems"] = 2,
            };
        }

        // The options read numbers from strings too (web defaults), but replies always write numbers: document what is written.
        if (obj["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() is "integer" or "number") && obj.ContainsKey("pattern"))
        {
            obj["type"] = new JsonArray([.. types.Where(t => t?.GetValue<string>() != "string").Select(t => t!.DeepClone())]);
            obj.Remove("pattern");
        }

        var attributes = context.PropertyInfo?.AttributeProvider;
        if (attributes?.GetCustomAttributes(typeof(DescriptionAttribute), true).OfType<DescriptionAttribute>().FirstOrDefault() is { } description)
        {
            obj["description"] = description.Description;
        }

        if (attributes?.GetCustomAttributes(typeof(AllowedValuesAttribute), true).OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
        {
            obj["enum"] = new JsonArray([.. allowed.Values.Select(v => JsonValue.Create(v?.ToString()))]);
        }

        if (attributes?.GetCustomAttributes(typeof(ApiItemsAttribute), true).OfType<ApiItemsAttribute>().FirstOrDefault() is { } items && obj["items"] is JsonObject itemSchema)
        {
            itemSchema["enum"] = new JsonArray([.. Enum.GetNames(items.EnumType).Select(n => JsonValue.Create(n))]);
        }

        return obj;
    }

    /// <summary>The version the document states: the assemblies' informational version without the source hash.</summary>
    public static string AssemblyVersion =>
        typeof(OpenApiGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
