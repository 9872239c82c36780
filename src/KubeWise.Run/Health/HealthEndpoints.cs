using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Run.Health;

/// <summary><c>/health</c> (liveness) and <c>/ready</c> (readiness), outside the API and without a key, for probes.</summary>
internal static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string ReadyPath = "/ready";

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPath, () => Results.Json(new { status = "alive" }));
        endpoints.MapGet(ReadyPath, async (HttpContext context) =>
        {
            var report = await context.RequestServices.GetRequiredService<Readiness>().CheckAsync(context.RequestAborted).ConfigureAwait(false);
            return Results.Json(new
            {
                status = report.Ready ? "ready" : "not_ready",
                store = report.Store,
                durable = report.Durable,
                scan_loop = report.ScanLoop,
            }, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
