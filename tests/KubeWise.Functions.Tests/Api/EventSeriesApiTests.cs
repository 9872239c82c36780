using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Testing.Http;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The windows stored with an event: served by <c>GET …/events/{id}/series</c> with the moments to mark, left out of the
/// event's own answers; and the dashboard's shell, script and style as the Functions app serves them.
/// </summary>
public sealed class EventSeriesApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset End = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Series_OfAStoredEvent_IsServedWithTheDetectionTime_AndTheEventAnswersLeaveItOut()
    {
        var id = AnomalyId.New();
        await _h.Events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = id, DetectionTimestamp = End, EntityId = "web", EntityType = "deployment", Namespace = "shop", AnomalyScore = -0.4,
            Series = new EventSeries
            {
                Detection = new SeriesWindow
                {
                    Start = End.AddMinutes(-2), End = End,
                    Metrics = [new SeriesLine { QueryId = "memory_limit_ratio", Points = [new(End.ToUnixTimeSeconds() - 1, 0.5), new(End.ToUnixTimeSeconds(), 0.91)], Band = new BaselineBand { Feature = "memory_limit_ratio.mean", Baseline = 0.5, Low = 0.4, High = 0.6 } }],
                },
            },
        });

        var series = await CallAsync(r => _h.Function<EventsFunctions>().GetSeriesAsync(r, id, CancellationToken.None));
        var single = await CallAsync(r => _h.Function<EventsFunctions>().GetAsync(r, id, CancellationToken.None));
        var list = await CallAsync(r => _h.Function<EventsFunctions>().ListAsync(r, CancellationToken.None));
        var unknown = await CallAsync(r => _h.Function<EventsFunctions>().GetSeriesAsync(r, AnomalyId.New(), CancellationToken.None));

        Assert.Equal(200, series.Status);
        Assert.Equal(("deployment/shop/web", End), (series.Body["entity"]!.GetValue<string>(), series.Body["detected_at"]!.GetValue<DateTimeOffset>()));
        var metric = series.Body["detection"]!["metrics"]![0]!;
        Assert.Equal(0.91, metric["points"]![1]!["v"]!.GetValue<double>());
        Assert.Equal(0.6, metric["band"]!["high"]!.GetValue<double>());
        Assert.Null(series.Body["verification"]);
        Assert.Null(series.Body["remediated_at"]);
        Assert.Equal(SeriesCapture.MaxPoints, series.Body["caps"]!["max_points"]!.GetValue<int>());
        Assert.False(single.Body.AsObject().ContainsKey("series"));
        Assert.False(list.Body["events"]![0]!.AsObject().ContainsKey("series"));
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Dashboard_ShellLoadsItsScriptAndStyleFromBesideIt_NoInlineScriptNoOtherHost()
    {
        var functions = _h.Function<DashboardFunctions>();
        var page = await HostedFunction.RunAsync(_h.Request("GET", key: null), functions.Page(_h.Request("GET", key: null)));
        var script = await HostedFunction.RunAsync(_h.Request("GET", key: null), functions.Script(_h.Request("GET", key: null)));
        var style = await HostedFunction.RunAsync(_h.Request("GET", key: null), functions.Style(_h.Request("GET", key: null)));

        Assert.Equal((200, 200, 200), (page.Status, script.Status, style.Status));
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("text/javascript", script.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("text/css", style.ContentType, StringComparison.Ordinal);
        Assert.Contains("<script src=\"dashboard.js\" defer></script>", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"dashboard.css\"", page.Text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.Text, "<script"));
        Assert.DoesNotContain("http", page.Text + style.Text, StringComparison.Ordinal);
        // The script names no other host: its one URL is the SVG namespace.
        Assert.All(System.Text.RegularExpressions.Regex.Matches(script.Text, "https?://[^\"'` ]+"), m => Assert.Equal("http://www.w3.org/2000/svg", m.Value));
        Assert.Contains("x-functions-key", script.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", DashboardHandler.ContentSecurityPolicy, StringComparison.Ordinal);
    }

    private async Task<ApiResponse> CallAsync(Func<Microsoft.AspNetCore.Http.HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>> call)
    {
        var request = _h.Request("GET");
        return await HostedFunction.RunAsync(request, await call(request));
    }
}
