using System.Globalization;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>CPU time (user + system) another process has used so far, from <c>/proc/&lt;pid&gt;/stat</c>.</summary>
internal static class ProcessCpu
{
    // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (pid <= 0 || !File.Exists(path))
        {
            return TimeSpan.Zero;
        }

        // The command name may hold spaces; the fields after it are fixed: utime and stime are the 12th and 13th.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
