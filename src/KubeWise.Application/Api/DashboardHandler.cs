using System.Reflection;

namespace KubeWise.Application.Api;

/// <summary>
/// The incidents dashboard: a page shell, its script and its style sheet, embedded in this assembly (no CDN, no build
/// step) and served by every host through the operation table. The shell holds no data; the script calls the API with
/// the function key the viewer enters (kept in the tab's sessionStorage, sent in <c>x-functions-key</c>).
/// </summary>
public sealed class DashboardHandler
{
    /// <summary>Only this origin's script and style; no inline script, no frames, no other hosts.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "no-referrer",
        ["Cache-Control"] = "no-cache",
    };

    private static readonly Lazy<ApiContent> PageContent = new(() => Load("index.html", "text/html; charset=utf-8"));
    private static readonly Lazy<ApiContent> ScriptContent = new(() => Load("dashboard.js", "text/javascript; charset=utf-8"));
    private static readonly Lazy<ApiContent> StyleContent = new(() => Load("dashboard.css", "text/css; charset=utf-8"));

    public ApiReply<ApiContent> Page() => PageContent.Value;

    public ApiReply<ApiContent> Script() => ScriptContent.Value;

    public ApiReply<ApiContent> Style() => StyleContent.Value;

    /// <summary>The incident page's address: <c>{base}/api/v1/dashboard#/events/{id}</c> (relative when no base is configured).</summary>
    public static string IncidentLink(string? publicBaseUrl, string anomalyId) =>
        $"{(publicBaseUrl ?? "").TrimEnd('/')}{Routes.Public(Routes.Dashboard)}#/events/{Uri.EscapeDataString(anomalyId)}";

    private static ApiContent Load(string name, string mediaType)
    {
        var resource = $"KubeWise.Application.Dashboard.{name}";
        using var stream = typeof(DashboardHandler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The dashboard file {resource} is not embedded in {typeof(DashboardHandler).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new ApiContent(reader.ReadToEnd(), mediaType) { Headers = Headers };
    }
}
