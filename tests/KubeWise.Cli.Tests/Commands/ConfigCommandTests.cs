using System.Text.Json;
using KubeWise.Cli;
using KubeWise.Core.Configuration;

namespace KubeWise.Cli.Tests.Commands;

public class ConfigCommandTests
{
    [Fact]
    public async Task UnknownCommand_ExitsWithUsageError()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await KubeWiseCli.InvokeAsync(["frobnicate"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("frobnicate", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_ListsSeedNamesWithTheirOptionsPaths()
    {
        var output = new StringWriter();

        var code = await KubeWiseCli.InvokeAsync(["config"], output, new StringWriter());

        Assert.Equal(0, code);
        Assert.Matches(@"PROMETHEUS_URL\s+Prometheus:Url\s+\S+", output.ToString());
        Assert.Contains("Configuration is valid.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_ListsEverySetting_WithItsEffectiveValueAndSource()
    {
        var run = await CliProcess.RunAsync(["config", "-o", "json"], new Dictionary<string, string?>
        {
            ["PROMETHEUS_URL"] = "http://prometheus.monitoring:9090",
            ["Detection__Trees"] = "50",
            ["Gemini__ApiKey"] = "secret-value",
        });

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var rows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("path").GetString()!, r => r);
        Assert.Equal(SettingsCatalog.All.Count, rows.Count);
        Assert.True(rows.Count > 90, $"only {rows.Count} settings listed");

        Assert.Equal("http://prometheus.monitoring:9090", rows["Prometheus:Url"].GetProperty("value").GetString());
        Assert.Equal("environment (PROMETHEUS_URL)", rows["Prometheus:Url"].GetProperty("source").GetString());
        Assert.Equal("PROMETHEUS_URL", rows["Prometheus:Url"].GetProperty("environment_variable").GetString());
        Assert.Equal("50", rows["Detection:Trees"].GetProperty("value").GetString());
        Assert.Equal("environment", rows["Detection:Trees"].GetProperty("source").GetString());
        Assert.Equal("Detection__Trees", rows["Detection:Trees"].GetProperty("environment_variable").GetString());
        Assert.Equal("***", rows["Gemini:ApiKey"].GetProperty("value").GetString());
        Assert.DoesNotContain("secret-value", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("default", rows["Detection:ScoreThreshold"].GetProperty("source").GetString());
        Assert.Equal("-0.2", rows["Detection:ScoreThreshold"].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Config_InvalidValues_AreRejectedListingWhatIsAllowed()
    {
        var run = await CliProcess.RunAsync(["config"], new Dictionary<string, string?>
        {
            ["Detection__Trees"] = "many",
            ["Gemini__OutputMode"] = "Telepathy",
        });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Detection:Trees is 'many', which is not a whole number", run.Stderr, StringComparison.Ordinal);
        var allowed = string.Join(", ", Enum.GetNames(typeof(KubeWise.Core.Analysis.GeminiOutputMode)));
        Assert.Contains($"Gemini:OutputMode is 'Telepathy', which is not one of {allowed}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Configuration is valid.", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_UnknownLogLevel_IsRejectedListingTheLevels()
    {
        var run = await CliProcess.RunAsync(["config"], new Dictionary<string, string?> { ["LOG_LEVEL"] = "verbose" });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("error: LOG_LEVEL is 'verbose', which is not a log level. Use one of DEBUG, INFO, WARNING, ERROR, CRITICAL.", run.Stderr.Trim());
    }
}
