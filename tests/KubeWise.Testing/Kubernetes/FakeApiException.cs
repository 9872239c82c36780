using System.Text.Json.Nodes;

namespace KubeWise.Testing.Kubernetes;

/// <summary>An error the fake answers as a real <c>Status</c> object.</summary>
internal sealed class FakeApiException(int code, string reason, string message, int? retryAfterSeconds = null, JsonObject? details = null)
    : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
            ["code"] = Code,
        };
        var d = details?.DeepClone().AsObject() ?? new JsonObject();
        if (RetryAfterSeconds is int seconds)
        {
            d["retryAfterSeconds"] = seconds;
        }

        if (d.Count > 0)
        {
            status["details"] = d;
        }

        return status;
    }

    public static FakeApiException NotFound(string group, string resource, string name) =>
        new(404, "NotFound", $"{resource}{(group.Length == 0 ? "" : "." + group)} \"{name}\" not found",
            details: new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = resource });

    public static FakeApiException AlreadyExists(string group, string resource, string name) =>
        new(409, "AlreadyExists", $"{resource}{(group.Length == 0 ? "" : "." + group)} \"{name}\" already exists",
            details: new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = resource });

    public static FakeApiException Conflict(string group, string resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource}{(group.Length == 0 ? "" : "." + group)} \"{name}\": {why}",
            details: new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = resource });

    public static FakeApiException Invalid(string kind, string name, string field, string why) =>
        new(422, "Invalid", $"{kind} \"{name}\" is invalid: {field}: {why}",
            details: new JsonObject
            {
                ["name"] = name,
                ["kind"] = kind,
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = why, ["field"] = field }),
            });

    public static FakeApiException BadRequest(string message) => new(400, "BadRequest", message);
}
