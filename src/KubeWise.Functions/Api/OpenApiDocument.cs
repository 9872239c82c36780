using System.Reflection;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Api;

/// <summary>
/// The OpenAPI 3 document, built from the HTTP functions themselves (route, methods and auth level from each
/// <see cref="HttpTriggerAttribute"/>, text from <see cref="ApiDocAttribute"/>), so it cannot list a route that does not exist.
/// </summary>
public static class OpenApiDocument
{
    public const string KeyScheme = "functionKey";

    /// <summary>Every HTTP function of the app: name, route, methods, auth level and its doc.</summary>
    public static IReadOnlyList<HttpEndpoint> Endpoints { get; } = Discover();

    public static JsonObject Build(string version)
    {
        var paths = new JsonObject();
        foreach (var group in Endpoints.GroupBy(e => e.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var endpoint in group)
            {
                foreach (var method in endpoint.Methods)
                {
                    item[method] = Operation(endpoint, method);
                }
            }

            paths[Routes.Public(group.Key)] = item;
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
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
                ["schemas"] = Schemas(),
            },
        };
    }

    private static JsonObject Operation(HttpEndpoint endpoint, string method)
    {
        var parameters = new JsonArray();
        if (endpoint.Route.Contains("{id}", StringComparison.Ordinal))
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

        foreach (var query in endpoint.Doc?.Query ?? [])
        {
            parameters.Add(new JsonObject { ["name"] = query, ["in"] = "query", ["required"] = false, ["schema"] = new JsonObject { ["type"] = "string" } });
        }

        var responses = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "OK",
                ["content"] = new JsonObject { [endpoint.Doc?.Produces ?? "application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = endpoint.Doc?.Produces == "text/html" ? "string" : "object" } } },
            },
        };
        foreach (var (code, text) in ErrorResponses(endpoint, method))
        {
            responses[code] = new JsonObject
            {
                ["description"] = text,
                ["content"] = new JsonObject { [ApiResults.ProblemContentType] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } } },
            };
        }

        var operation = new JsonObject
        {
            ["operationId"] = endpoint.Name,
            ["summary"] = endpoint.Doc?.Summary ?? endpoint.Name,
            ["tags"] = new JsonArray(endpoint.Route.Split('/')[1]),
            ["parameters"] = parameters,
            ["responses"] = responses,
            ["security"] = endpoint.Anonymous
                ? new JsonArray()
                : new JsonArray(new JsonObject { [KeyScheme] = new JsonArray() }),
        };
        if (endpoint.Doc is { Body: not ApiDocBody.None } doc)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = doc.Body is ApiDocBody.Mode or ApiDocBody.Remediate,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{doc.Body}Request" } } },
            };
        }

        return operation;
    }

    private static IEnumerable<(string Code, string Text)> ErrorResponses(HttpEndpoint endpoint, string method)
    {
        if (endpoint.Doc?.Query.Length > 0 || method == "post")
        {
            yield return ("400", "The request is invalid; the problem's detail and errors say what to change.");
        }

        if (!endpoint.Anonymous)
        {
            yield return ("401", "No valid function key.");
        }

        if (endpoint.Route.Contains("{id}", StringComparison.Ordinal))
        {
            yield return ("404", "No event has this id.");
        }

        if (endpoint.Doc?.Body is ApiDocBody.Decision or ApiDocBody.Remediate)
        {
            yield return ("409", "The event is not awaiting approval.");
        }

        if (method == "post")
        {
            yield return ("413", "The body is too large.");
        }

        if (endpoint.Route is not (Routes.Health or Routes.OpenApi or Routes.Docs or Routes.Commands or Routes.SetupConfig or Routes.MetricsQueries or Routes.Metrics or Routes.ModelInfo))
        {
            yield return ("503", "A dependency (the store, Prometheus or the workflow host) is unavailable; nothing was changed, retry later.");
        }
    }

    private static JsonObject Schemas()
    {
        static JsonObject Str(string description) => new() { ["type"] = "string", ["description"] = description };
        return new JsonObject
        {
            ["ModeRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("mode"),
                ["properties"] = new JsonObject { ["mode"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("AUTO", "MANUAL") } },
                ["additionalProperties"] = false,
            },
            ["DecisionRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["comment"] = Str("Why; recorded with the decision."),
                    ["commands"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "Approve only these suggested commands (default: all)." },
                },
                ["additionalProperties"] = false,
            },
            ["RemediateRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray("command"),
                ["properties"] = new JsonObject { ["command"] = Str("One of the event's suggested_remediation_commands.") },
                ["additionalProperties"] = false,
            },
            ["TrainRequest"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["force"] = new JsonObject { ["type"] = "boolean", ["description"] = "Retrain the models that already exist too (default: only types without a model are trained)." },
                    ["entity_types"] = new JsonObject
                    {
                        ["type"] = "array",
                        ["items"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. Enum.GetNames<KubeWise.Core.Entities.EntityType>().Select(n => (JsonNode)n)]) },
                        ["description"] = "Retrain just these entity types' models (implies force).",
                    },
                },
                ["additionalProperties"] = false,
            },
            ["ProblemDetails"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["type"] = Str("A link describing the status."),
                    ["title"] = Str("What went wrong."),
                    ["status"] = new JsonObject { ["type"] = "integer" },
                    ["detail"] = Str("What to change."),
                    ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } } },
                },
            },
        };
    }

    private static List<HttpEndpoint> Discover()
    {
        var endpoints = new List<HttpEndpoint>();
        foreach (var method in typeof(OpenApiDocument).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is null || trigger?.Route is null)
            {
                continue;
            }

            endpoints.Add(new HttpEndpoint(
                function.Name,
                trigger.Route,
                [.. (trigger.Methods ?? []).Select(m => m.ToLowerInvariant())],
                trigger.AuthLevel == AuthorizationLevel.Anonymous,
                method.GetCustomAttribute<ApiDocAttribute>()));
        }

        return endpoints;
    }
}

/// <summary>One HTTP function as the host sees it.</summary>
public sealed record HttpEndpoint(string Name, string Route, IReadOnlyList<string> Methods, bool Anonymous, ApiDocAttribute? Doc);
