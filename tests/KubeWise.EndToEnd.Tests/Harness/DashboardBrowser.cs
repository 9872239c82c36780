using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>) driven through Debian's <c>chromedriver</c>, both given by path
/// (<c>KW_CHROMIUM</c>, <c>KW_CHROMEDRIVER</c> from tests/setup/40-chromium.sh; default /usr/bin), so Selenium Manager
/// never runs and nothing is downloaded. A missing browser or driver fails the test, naming the setup script.
/// Each browser gets a fresh profile directory; screenshots go to <c>TestResults/screenshots</c> beside the test build.
/// </summary>
internal sealed class DashboardBrowser : IDisposable
{
    private readonly string _profile;

    private DashboardBrowser(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static DashboardBrowser Start()
    {
        var chromium = Environment.GetEnvironmentVariable("KW_CHROMIUM") is { Length: > 0 } c ? c : "/usr/bin/chromium";
        var chromedriver = Environment.GetEnvironmentVariable("KW_CHROMEDRIVER") is { Length: > 0 } d ? d : "/usr/bin/chromedriver";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: run `source tests/setup/40-chromium.sh` (installs Debian's chromium and chromium-driver).");
        Assert.True(File.Exists(chromedriver), $"{chromedriver} is missing: run `source tests/setup/40-chromium.sh` (installs Debian's chromium and chromium-driver).");

        var profile = Directory.CreateTempSubdirectory("kubewise-chromium-").FullName;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(chromedriver)!, Path.GetFileName(chromedriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1400,1100", $"--user-data-dir={profile}");
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        return new DashboardBrowser(driver, profile);
    }

    public void Open(string url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Types the key into the header's field and saves it (kept in the tab's sessionStorage).</summary>
    public void EnterKey(string key)
    {
        var field = Driver.FindElement(By.Id("key"));
        field.Clear();
        field.SendKeys(key);
        Driver.FindElement(By.Id("key-save")).Click();
    }

    /// <summary>Polls until <paramref name="find"/> gives an element or value, or fails naming what it waited for and the page's text.</summary>
    public T WaitFor<T>(Func<ChromeDriver, T?> find, string what, TimeSpan? timeout = null)
        where T : class
    {
        var limit = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (find(Driver) is { } found)
                {
                    return found;
                }
            }
            catch (Exception e) when (e is NoSuchElementException or StaleElementReferenceException)
            {
                // Not there yet, or re-rendered by the page's refresh: look again.
            }

            if (DateTime.UtcNow > limit)
            {
                string text;
                try
                {
                    text = Driver.FindElement(By.TagName("body")).Text;
                }
                catch (WebDriverException e)
                {
                    text = e.Message;
                }

                throw new TimeoutException($"Waited {timeout ?? TimeSpan.FromSeconds(30)} for {what}. The page shows:{Environment.NewLine}{text}");
            }

            Thread.Sleep(150);
        }
    }

    /// <summary>The element with <paramref name="id"/> once its text satisfies <paramref name="condition"/>.</summary>
    public IWebElement WaitForText(string id, Func<string, bool> condition, string what, TimeSpan? timeout = null) =>
        WaitFor(d => d.FindElements(By.Id(id)).FirstOrDefault(e => condition(e.Text)), what, timeout);

    /// <summary>Saves a PNG of the whole page (up to 4000 px tall) as <c>TestResults/screenshots/{name}.png</c> and returns its path.</summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var height = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
        Driver.Manage().Window.Size = new System.Drawing.Size(1400, Math.Clamp(height + 140, 600, 4000));
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be closing its profile; the OS cleans the temp folder.
        }
    }
}
