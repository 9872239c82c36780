using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeWise.EndToEnd.Tests.Harness;
using OpenQA.Selenium;

namespace KubeWise.EndToEnd.Tests.Scenarios;

/// <summary>
/// The dashboard in a real headless Chromium against the whole product: the incidents list, the incident page with
/// charts of the metric windows stored with the event (real Prometheus data), approve → Resolved, reject, the API's 409
/// when someone else decided first, the mode switch with its confirmation, and a data call without a key refused.
/// Screenshots of each page go to TestResults/screenshots.
/// </summary>
public sealed partial class DashboardTests
{
    private const string Command = "restart_deployment name=checkout ns=shop";

    [Fact]
    public async Task Dashboard_ListThenIncidentPageWithCharts_ApproveIsResolvedOnThePage()
    {
        await using var e2e = await StartIncidentAsync();
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        using var browser = DashboardBrowser.Start();

        browser.Open(e2e.DashboardUrl);
        browser.EnterKey(EndToEndSystem.Key);
        var row = browser.WaitFor(d => d.FindElements(By.CssSelector($"tr[data-id='{id}']")).FirstOrDefault(), "the incident's row in the list");
        Assert.Contains("AwaitingApproval", row.Text, StringComparison.Ordinal);
        Assert.Contains("deployment/shop/checkout", row.Text, StringComparison.Ordinal);
        Assert.Equal("AwaitingApproval", row.GetAttribute("data-status"));
        Assert.DoesNotContain(EndToEndSystem.Key, browser.Driver.Url, StringComparison.Ordinal);
        Assert.Equal(EndToEndSystem.Key, browser.Driver.ExecuteScript("return sessionStorage.getItem('kubewise-key');"));
        browser.Screenshot("01-incidents-list");

        // The namespace filter: another namespace lists nothing, "shop" lists the incident again.
        FilterNamespace(browser, "elsewhere");
        browser.WaitFor(d => d.FindElements(By.Id("no-incidents")).FirstOrDefault(), "the empty list of namespace elsewhere");
        FilterNamespace(browser, "shop");
        row = browser.WaitFor(d => d.FindElements(By.CssSelector($"tr[data-id='{id}']")).FirstOrDefault(), "the incident's row in namespace shop");

        row.FindElement(By.CssSelector("a.incident-link")).Click();
        // The crash-looping containers as Prometheus scraped them: the stored window ends at 2, and the chart draws it.
        var series = await e2e.GetJsonAsync($"remediation/events/{id}/series");
        var crashLoop = series["detection"]!["metrics"]!.AsArray().First(m => m!["query_id"]!.GetValue<string>() == "crashloop_containers")!;
        Assert.Equal(2, crashLoop["points"]!.AsArray()[^1]!["v"]!.GetValue<double>());
        var line = browser.WaitFor(d => d.FindElements(By.CssSelector("#detection-charts svg[data-query='crashloop_containers'] polyline.line")).FirstOrDefault(), "the chart of crashloop_containers");
        Assert.Equal(crashLoop["points"]!.AsArray().Count, line.GetAttribute("points")!.Split(' ').Length);
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#detection-charts line.marker-detected")));
        Assert.Contains("CrashLoopBackOff", browser.Driver.FindElement(By.Id("evidence-table")).Text, StringComparison.Ordinal);
        Assert.StartsWith("Gemini", browser.Driver.FindElement(By.Id("analyzer")).Text, StringComparison.Ordinal);
        var commands = browser.Driver.FindElement(By.Id("commands-table")).Text;
        Assert.Contains(Command, commands, StringComparison.Ordinal);
        Assert.Matches(Reversible(), commands);
        var detected = browser.Driver.FindElement(By.CssSelector("#incident dl.facts time"));
        Assert.EndsWith("(UTC)", detected.GetAttribute("title"), StringComparison.Ordinal);
        browser.Screenshot("02-incident-awaiting-approval");

        browser.Driver.FindElement(By.Id("decision-comment")).SendKeys("Config fixed in #4711; restart to pick it up.");
        browser.Driver.FindElement(By.Id("approve")).Click();
        browser.WaitForText("decision-result", t => t.Contains($"Approved as {EndToEndSystem.Caller}", StringComparison.Ordinal), "the approval's answer");
        browser.WaitForText("incident-status", t => t == "Resolved", "Resolved on the incident page", TimeSpan.FromSeconds(90));
        browser.WaitFor(d => d.FindElements(By.CssSelector("#verification-charts svg polyline.line")).FirstOrDefault(), "a chart of the verification window");
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#verification-charts line.marker-fixed")));
        Assert.NotEmpty(browser.Driver.FindElements(By.CssSelector("#verification-charts line.marker-verified")));
        Assert.Contains(Command, browser.Driver.FindElement(By.Id("attempts")).Text, StringComparison.Ordinal);
        Assert.Contains(EndToEndSystem.Caller, browser.Driver.FindElement(By.Id("audit-table")).Text, StringComparison.Ordinal);
        browser.Screenshot("03-incident-resolved");

        var stored = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal("Resolved", stored["status"]!.GetValue<string>());
        Assert.Equal(EndToEndSystem.Caller, stored["approval_decisions"]![0]!["by"]!.GetValue<string>());
        Assert.Equal("Config fixed in #4711; restart to pick it up.", stored["approval_decisions"]![0]!["comment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dashboard_IncidentLinkThenReject_IsRejectedOnThePageAndNothingRuns()
    {
        await using var e2e = await StartIncidentAsync();
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        using var browser = DashboardBrowser.Start();

        // The link notifications carry; the first load has no key yet and says so.
        browser.Open(e2e.IncidentPageUrl(id));
        browser.WaitForText("incident-problem", t => t.StartsWith("401", StringComparison.Ordinal), "the 401 of the keyless load");
        browser.EnterKey(EndToEndSystem.Key);
        browser.WaitFor(d => d.FindElements(By.Id("reject")).FirstOrDefault(), "the reject button");
        browser.Driver.FindElement(By.Id("decision-comment")).SendKeys("Not during the sale.");
        browser.Driver.FindElement(By.Id("reject")).Click();

        browser.WaitForText("decision-result", t => t.Contains($"Rejected as {EndToEndSystem.Caller}", StringComparison.Ordinal), "the rejection's answer");
        browser.WaitForText("incident-status", t => t == "Rejected", "Rejected on the incident page");
        browser.WaitFor(d => d.FindElements(By.Id("decisions")).FirstOrDefault(e => e.Text.Contains("Not during the sale.", StringComparison.Ordinal)), "the rejection in the decisions");
        browser.Screenshot("04-incident-rejected");

        var stored = await e2e.GetJsonAsync($"remediation/events/{id}");
        Assert.Equal("Rejected", stored["status"]!.GetValue<string>());
        Assert.Empty(stored["remediation_attempts"]!.AsArray());
        Assert.Empty(Scenario.DeploymentChanges(e2e.Kube, "shop", "checkout"));
    }

    [Fact]
    public async Task Dashboard_SomeoneElseDecidedFirst_ThePageShowsTheApis409()
    {
        await using var e2e = await StartIncidentAsync();
        var id = (await e2e.WaitForEventAsync("AwaitingApproval"))["anomaly_id"]!.GetValue<string>();
        using var browser = DashboardBrowser.Start();
        browser.Open(e2e.DashboardUrl);
        browser.EnterKey(EndToEndSystem.Key);
        browser.Open(e2e.IncidentPageUrl(id));
        browser.WaitFor(d => d.FindElements(By.Id("reject")).FirstOrDefault(), "the reject button");
        browser.Driver.FindElement(By.Id("decision-comment")).SendKeys("Too risky.");

        // A colleague approves through the API while the page is open.
        var (status, _) = await e2e.PostJsonAsync($"remediation/events/{id}/approve", new JsonObject { ["comment"] = "Going ahead." });
        Assert.Equal(200, status);
        browser.Driver.FindElement(By.Id("reject")).Click();

        var problem = browser.WaitForText("decision-result", t => t.StartsWith("409", StringComparison.Ordinal), "the API's 409 on the page");
        Assert.Contains("not in a state that allows this", problem.Text, StringComparison.Ordinal);
        browser.Screenshot("05-incident-409");
        var stored = await e2e.WaitForStatusAsync(id, TimeSpan.FromSeconds(60), "Resolved", "RemediationFailed");
        Assert.Equal("approved", stored["approval_decisions"]![0]!["decision"]!.GetValue<string>().ToLowerInvariant());
        Assert.Single(stored["approval_decisions"]!.AsArray());
    }

    [Fact]
    public async Task Dashboard_WithoutKeyDataIsRefused_WithKeyTheModeSwitchesAfterConfirmation()
    {
        await using var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions());

        // The shell is anonymous, with a policy that allows no inline script; the data is not.
        using (var http = new HttpClient())
        {
            using var page = await http.GetAsync(e2e.DashboardUrl);
            Assert.Equal(200, (int)page.StatusCode);
            var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.DoesNotMatch(InlineScript(), await page.Content.ReadAsStringAsync());
            using var data = await http.GetAsync(e2e.Url + "/api/v1/remediation/events");
            Assert.Equal(401, (int)data.StatusCode);
        }

        using var browser = DashboardBrowser.Start();
        browser.Open(e2e.DashboardUrl);
        browser.WaitForText("list-problem", t => t.StartsWith("401", StringComparison.Ordinal), "the list's 401 without a key");
        var keyless = browser.Driver.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; fetch('/api/v1/setup/mode').then(r => done(r.status), e => done(String(e)));");
        Assert.Equal(401L, keyless);
        browser.Screenshot("06-no-key-refused");

        browser.EnterKey(EndToEndSystem.Key);
        browser.WaitForText("mode", t => t == "MANUAL", "the mode MANUAL");
        browser.WaitFor(d => d.FindElements(By.Id("no-incidents")).FirstOrDefault(), "the empty incidents list");
        browser.Driver.FindElement(By.Id("mode-switch")).Click();
        var text = browser.WaitForText("mode-dialog-text", t => t.Length > 0, "the confirmation");
        Assert.Contains("without waiting for anyone's approval", text.Text, StringComparison.Ordinal);
        Assert.Contains("rolled back when verification fails", text.Text, StringComparison.Ordinal);
        browser.Screenshot("07-mode-switch-confirmation");
        browser.Driver.FindElement(By.Id("mode-confirm")).Click();
        browser.WaitForText("mode", t => t == "AUTO", "the mode AUTO");
        Assert.Contains($"set by {EndToEndSystem.Caller}", browser.Driver.FindElement(By.Id("mode-by")).Text, StringComparison.Ordinal);

        var mode = await e2e.GetJsonAsync("setup/mode");
        Assert.Equal(("AUTO", EndToEndSystem.Caller), (mode["mode"]!.GetValue<string>(), mode["changed_by"]!.GetValue<string>()));
    }

    private static void FilterNamespace(DashboardBrowser browser, string ns)
    {
        var field = browser.Driver.FindElement(By.Id("filter-namespace"));
        field.Clear();
        field.SendKeys(ns);
        field.SendKeys(Keys.Enter);
    }

    private static async Task<EndToEndSystem> StartIncidentAsync()
    {
        var e2e = await EndToEndSystem.StartAsync(new EndToEndOptions());
        var checkout = e2e.Cluster.AddCrashLooping("shop", "checkout");
        checkout.FixConfig();
        e2e.Gemini.Enqueue(Analyses.Restart("shop", "checkout", "Pods of checkout crash on start: PAYMENT_API_URL points at an unreachable host."));
        await e2e.Prometheus.WaitForScrapesAsync();
        e2e.StartTimer();
        return e2e;
    }

    [GeneratedRegex(@"restart_deployment name=checkout ns=shop.*\b(yes|no)\b")]
    private static partial Regex Reversible();

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
