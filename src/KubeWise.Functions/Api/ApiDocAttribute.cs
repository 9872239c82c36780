namespace KubeWise.Functions.Api;

/// <summary>The request body an endpoint reads, for the OpenAPI document.</summary>
public enum ApiDocBody
{
    None,
    Mode,
    Decision,
    Remediate,
    Train,
}

/// <summary>What the OpenAPI document says about an HTTP function; the route, methods and auth come from its trigger.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiDocAttribute(string summary) : Attribute
{
    public string Summary { get; } = summary;

    public ApiDocBody Body { get; init; }

    /// <summary>Query parameters it reads (all optional strings).</summary>
    public string[] Query { get; init; } = [];

    /// <summary>The media type of a success (default JSON).</summary>
    public string Produces { get; init; } = "application/json";
}
