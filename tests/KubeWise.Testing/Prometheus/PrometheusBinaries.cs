namespace KubeWise.Testing.Prometheus;

/// <summary>
/// Where the real <c>prometheus</c> and <c>promtool</c> are: Debian's package (installed by tests/setup/10-prometheus.sh),
/// or <c>KW_PROMETHEUS_BIN</c> / <c>KW_PROMTOOL_BIN</c>. A missing binary is a test failure, never a skip.
/// </summary>
public static class PrometheusBinaries
{
    public static string Prometheus => Find("KW_PROMETHEUS_BIN", "prometheus");

    public static string Promtool => Find("KW_PROMTOOL_BIN", "promtool");

    private static string Find(string variable, string name)
    {
        var configured = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"{variable}={configured} does not exist.");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator).Append("/usr/bin"))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed. Run tests/run-tests.sh (tests/setup/10-prometheus.sh installs Debian's prometheus package), or set {variable}.");
    }
}
