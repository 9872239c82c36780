using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Docs;

/// <summary>The example alerting rules of <c>docs/telemetry.md</c> load in Prometheus and fire when they should (promtool, from Debian's prometheus package).</summary>
public sealed class AlertRulesTests
{
    [Fact]
    public void AlertRules_PassPromtoolCheck()
    {
        var result = Script.RunProgram("promtool", ["check", "rules", RepositoryPaths.Combine("docs", "alerts", "kubewise.rules.yml")], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("SUCCESS: 8 rules found", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertRules_UnitTests_Pass()
    {
        var result = Script.RunProgram("promtool", ["test", "rules", RepositoryPaths.Combine("docs", "alerts", "kubewise.rules.test.yml")], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("SUCCESS", result.Output + result.Error, StringComparison.Ordinal);
    }
}
