using KubeWise.Application.Api;
using KubeWise.Application.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Run.Api;

/// <summary>
/// The <c>/api/v1</c> API on Kestrel: every operation of <see cref="ApiOperations.All"/> under its route and method,
/// run by the same host-neutral handler the Functions adapter calls (<see cref="HttpApi.HandleAsync"/>). Keyed
/// operations check the function key first (<see cref="FunctionKeys"/>); anonymous ones (health) do not.
/// </summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapKubeWiseApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var operation in ApiOperations.All)
        {
            endpoints.MapMethods(operation.Path, [operation.Method.ToUpperInvariant()], async context =>
            {
                if (!operation.Anonymous && context.RequestServices.GetRequiredService<FunctionKeys>().Reject(context.Request) is { } unauthorized)
                {
                    await HttpApi.WriteAsync(context.Response, unauthorized, context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                await HttpApi.HandleAsync(context, operation).ConfigureAwait(false);
            })
            .WithName(operation.Name)
            .WithMetadata(new ApiAuthLevel(operation.Anonymous ? "anonymous" : "function"));
        }

        return endpoints;
    }
}

/// <summary>The Functions auth level an endpoint is mapped with (as in <c>functions.metadata</c>), so a test can compare the two hosts.</summary>
public sealed record ApiAuthLevel(string Level);
