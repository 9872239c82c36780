namespace KubeWise.Application.Api;

/// <summary>
/// Every route of the <c>/api/v1</c> API, in one place. The host adds the <c>api</c> prefix (host.json
/// <c>extensions.http.routePrefix</c>); <see cref="Public"/> gives the path a client calls.
/// </summary>
public static class Routes
{
    public const string HostPrefix = "api";

    public const string Health = "v1/health";
    public const string SetupMode = "v1/setup/mode";
    public const string SetupConfig = "v1/setup/config";
    public const string Metrics = "v1/metrics";
    public const string MetricsQueries = "v1/metrics/queries";
    public const string ModelInfo = "v1/metrics/model/info";
    public const string ModelTrain = "v1/metrics/model/train";
    public const string Events = "v1/remediation/events";
    public const string Event = "v1/remediation/events/{id}";
    public const string EventSent = "v1/remediation/events/{id}/sent";
    public const string Analyze = "v1/anomalies/analyze/{id}";
    public const string Commands = "v1/remediation/commands";
    public const string Remediate = "v1/remediation/events/{id}/remediate";
    public const string Approve = "v1/remediation/events/{id}/approve";
    public const string Reject = "v1/remediation/events/{id}/reject";
    public const string OpenApi = "v1/openapi.json";
    public const string Docs = "v1/docs";
    public const string EventSeries = "v1/remediation/events/{id}/series";
    public const string Dashboard = "v1/dashboard";
    public const string DashboardScript = "v1/dashboard.js";
    public const string DashboardStyle = "v1/dashboard.css";

    /// <summary>The path a client calls, e.g. <c>/api/v1/remediation/events/{id}</c>.</summary>
    public static string Public(string route) => $"/{HostPrefix}/{route}";

    /// <summary><paramref name="route"/> with <c>{id}</c> filled in (escaped).</summary>
    public static string For(string route, string id) => Public(route).Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal);
}
