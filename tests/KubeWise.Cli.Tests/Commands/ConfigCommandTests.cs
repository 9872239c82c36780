using KubeWise.Cli;

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
}
