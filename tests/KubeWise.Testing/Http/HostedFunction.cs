using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace KubeWise.Testing.Http;

/// <summary>
/// Calls an HTTP function class the way the Functions host does, without the host: a <see cref="DefaultHttpContext"/>
/// request in, the <see cref="IActionResult"/> executed into the response, the response read back as a client would.
/// </summary>
public static class HostedFunction
{
    /// <summary>A request with <paramref name="services"/> as its RequestServices and a response body that can be read back.</summary>
    public static HttpRequest Request(IServiceProvider services, string method, string? body = null, string? contentType = "application/json",
        IDictionary<string, string>? headers = null, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Runs the answer into the request's response, as the host does, and reads it back.</summary>
    public static async Task<ApiResponse> RunAsync(HttpRequest request, IActionResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var context = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor())).ConfigureAwait(false);
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync().ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // HTML or text answers have no JSON.
        }

        return new ApiResponse(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers.Location.ToString(), text, json);
    }
}

/// <summary>A function's answer as a client reads it.</summary>
public sealed record ApiResponse(int Status, string? ContentType, string Location, string Text, JsonNode? Json)
{
    public JsonNode Body => Json ?? throw new Xunit.Sdk.XunitException($"HTTP {Status} has no JSON body: {Text}");
}
