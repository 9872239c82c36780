using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Core.Detection;
using KubeWise.Core.Metrics;
using KubeWise.Core.Remediation;
using KubeWise.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Configuration;

public class SeedSettingsTests
{
    private static IConfiguration Build(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();

    private static T Options<T>(IConfiguration configuration)
        where T : class
    {
        var services = new ServiceCollection().AddKubeWiseCore(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }

    [Fact]
    public void SeedNames_SetTheirOptions()
    {
        var configuration = Build(new()
        {
            ["PROMETHEUS_URL"] = "http://prom.monitoring:9090",
            ["PROMETHEUS_SCRAPE_INTERVAL_SECONDS"] = "30",
            ["ANOMALY_SCORE_THRESHOLD"] = "-0.15",
            ["ANOMALY_METRIC_WINDOW_SECONDS"] = "900",
            ["REMEDIATION_MODE"] = "auto",
        });

        var prometheus = Options<PrometheusOptions>(configuration);
        var detection = Options<DetectionOptions>(configuration);
        Assert.Equal("http://prom.monitoring:9090", prometheus.Url);
        Assert.Equal(30, prometheus.ScrapeIntervalSeconds);
        Assert.Equal(-0.15, detection.ScoreThreshold);
        Assert.Equal(900, detection.MetricWindowSeconds);
        Assert.Equal("AUTO", Options<RemediationOptions>(configuration).Mode);
    }

    [Fact]
    public void ExplicitOptionsPath_WinsOverSeedAlias()
    {
        var configuration = Build(new()
        {
            ["PROMETHEUS_URL"] = "http://from-seed:9090",
            ["Prometheus:Url"] = "http://explicit:9090",
        });

        Assert.Equal("http://explicit:9090", Options<PrometheusOptions>(configuration).Url);
    }

    [Theory]
    [InlineData("DEBUG", "Debug")]
    [InlineData("INFO", "Information")]
    [InlineData("WARNING", "Warning")]
    [InlineData("ERROR", "Error")]
    public void LogLevel_SeedSpellingMapsToDotNetLevel(string seed, string expected)
    {
        Assert.Equal(expected, Build(new() { ["LOG_LEVEL"] = seed })["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void DefaultPromqlQueries_AcceptsJsonArrayAndLines()
    {
        var fromJson = Options<PrometheusOptions>(Build(new() { ["DEFAULT_PROMQL_QUERIES"] = """["up", "sum(rate(x[5m])) by (pod)"]""" }));
        var fromLines = Options<PrometheusOptions>(Build(new() { ["DEFAULT_PROMQL_QUERIES"] = "up\nsum(rate(x[5m])) by (pod)\n" }));

        Assert.Equal(["up", "sum(rate(x[5m])) by (pod)"], fromJson.DefaultQueries);
        Assert.Equal(fromJson.DefaultQueries, fromLines.DefaultQueries);
    }

    [Fact]
    public void DefaultPromqlQueries_BrokenJson_SaysWhichSetting()
    {
        var ex = Assert.Throws<InvalidSettingException>(() => Build(new() { ["DEFAULT_PROMQL_QUERIES"] = "[\"up\"," }));
        Assert.Equal("DEFAULT_PROMQL_QUERIES", ex.Setting);
        Assert.Contains("DEFAULT_PROMQL_QUERIES", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("3")]
    [InlineData("loud")]
    public void LogLevel_Unknown_IsRejectedListingTheAllowedLevels(string value)
    {
        var ex = Assert.Throws<InvalidSettingException>(() => Build(new() { ["LOG_LEVEL"] = value }));

        Assert.Equal("LOG_LEVEL", ex.Setting);
        Assert.Contains($"'{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DEBUG, INFO, WARNING, ERROR, CRITICAL", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("debug", "Debug")]
    [InlineData("Information", "Information")]
    [InlineData("warn", "Warning")]
    public void LogLevel_OtherAcceptedSpellings_MapToDotNetLevels(string value, string expected)
    {
        Assert.Equal(expected, Build(new() { ["LOG_LEVEL"] = value })["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void InvalidMode_FailsValidationWithTheSeedName()
    {
        var services = new ServiceCollection().AddKubeWiseCore(Build(new() { ["REMEDIATION_MODE"] = "YOLO" })).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("REMEDIATION_MODE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_ConfigurationTable_ListsEverySeedSetting()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));

        foreach (var setting in SeedSettings.All)
        {
            Assert.Contains($"| `{setting.SeedName}` | `{setting.OptionsPath}` |", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LocalSettingsSample_ListsEverySeedSetting()
    {
        var sample = File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json"));

        foreach (var setting in SeedSettings.All)
        {
            Assert.Contains($"\"{setting.SeedName}\"", sample, StringComparison.Ordinal);
        }
    }
}
