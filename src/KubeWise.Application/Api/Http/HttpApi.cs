using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KubeWise.Application.Api.Http;

/// <summary>
/// The two ends every ASP.NET Core host needs (the Functions worker and <c>kubewise run</c>): an
/// <see cref="HttpRequest"/> as an <see cref="ApiRequest"/>, and an <see cref="ApiReply"/> written to the response.
/// </summary>
public static class HttpApi
{
    public static ApiRequest Request(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiRequest(
            name => request.Headers.TryGetValue(name, out var values) ? values.FirstOrDefault() : null,
            name => request.Query.TryGetValue(name, out var values) ? values.FirstOrDefault() : null,
            request.Body,
            request.ContentType,
            request.ContentLength,
            request.HttpContext.User);
    }

    /// <summary>Writes status, <c>Location</c>, media type and body (serialized as its declared type with <see cref="ApiJson.Options"/>).</summary>
    public static async Task WriteAsync(HttpResponse response, ApiReply reply, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(reply);
        response.StatusCode = reply.Status;
        response.ContentType = reply.MediaType;
        if (reply.Location is { } location)
        {
            response.Headers.Location = location;
        }

        if (reply.Body is ApiContent content)
        {
            foreach (var (name, value) in content.Headers)
            {
                response.Headers[name] = value;
            }

            await response.WriteAsync(content.Text, ct).ConfigureAwait(false);
            return;
        }

        await JsonSerializer.SerializeAsync(response.Body, reply.Body, reply.BodyType, ApiJson.Options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> for a request routed to it (the route's <c>id</c> from the route values) and writes
    /// the reply: all a host that maps <see cref="ApiOperations.All"/> needs, after its own key check.
    /// </summary>
    public static async Task HandleAsync(HttpContext context, ApiOperation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(operation);
        var call = new ApiCall(context.RequestServices, Request(context.Request), context.GetRouteValue("id") as string, context.RequestAborted);
        var reply = await operation.Handle(call).ConfigureAwait(false);
        await WriteAsync(context.Response, reply, context.RequestAborted).ConfigureAwait(false);
    }
}
