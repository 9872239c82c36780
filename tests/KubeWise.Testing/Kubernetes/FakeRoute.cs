using Microsoft.AspNetCore.Http;

namespace KubeWise.Testing.Kubernetes;

/// <summary>A request path and method read the way the API server reads them (RBAC verb, group, resource, subresource).</summary>
internal sealed record FakeRoute(
    string Verb,
    FakeResourceType Type,
    string? Namespace,
    string? Name,
    string? Subresource,
    bool DryRun,
    string? LabelSelector,
    string? FieldSelector)
{
    public string Group => Type.Group;

    public string Resource => Type.Resource;

    public static FakeRoute Parse(string method, string path, IQueryCollection query)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], segments[2..]);
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            throw new FakeApiException(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }

        if (rest.Length == 0)
        {
            throw new FakeApiException(404, "NotFound", $"the server could not find the requested resource ({path})");
        }

        var type = FakeResourceType.Find(group, version, rest[0])
            ?? throw new FakeApiException(404, "NotFound", $"the server could not find the requested resource ({path})");
        var name = rest.Length > 1 ? Uri.UnescapeDataString(rest[1]) : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var dryRunValue = query["dryRun"].ToString();
        if (dryRunValue.Length > 0 && dryRunValue != "All")
        {
            throw FakeApiException.BadRequest($"unsupported dry run setting \"{dryRunValue}\": the only supported value is \"All\"");
        }

        var verb = method switch
        {
            "GET" when query["watch"] == "true" || query["watch"] == "1" => "watch",
            "GET" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => throw new FakeApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method})"),
        };
        return new FakeRoute(verb, type, type.Namespaced ? ns : null, name, subresource, dryRunValue == "All",
            query["labelSelector"].ToString(), query["fieldSelector"].ToString());
    }
}
