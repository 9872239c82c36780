using System.Globalization;
using NCrontab;

namespace KubeWise.Run.Scanning;

/// <summary>
/// A timer trigger's schedule as the Functions host reads it: six-field NCRONTAB with seconds
/// (<c>*/30 * * * * *</c>) or a time span (<c>00:00:30</c>), in UTC. The same app settings drive both hosts.
/// </summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;

    private TimerSchedule(string expression, CrontabSchedule? cron, TimeSpan interval)
    {
        Expression = expression;
        _cron = cron;
        _interval = interval;
    }

    public string Expression { get; }

    /// <summary>Parses <paramref name="expression"/>; a bad one is an error naming <paramref name="setting"/>.</summary>
    public static TimerSchedule Parse(string setting, string expression)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expression);
        var text = expression.Trim();
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) && !text.Contains(' ', StringComparison.Ordinal))
        {
            return interval > TimeSpan.Zero
                ? new TimerSchedule(text, null, interval)
                : throw new ArgumentException($"{setting} '{expression}' must be a positive interval.");
        }

        var cron = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6
            ? CrontabSchedule.TryParse(text, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            : null;
        return cron is null
            ? throw new ArgumentException($"{setting} '{expression}' is not a schedule: use six NCRONTAB fields with seconds (e.g. '*/30 * * * * *') or a time span (e.g. '00:00:30').")
            : new TimerSchedule(text, cron, TimeSpan.Zero);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset after)
    {
        if (_cron is null)
        {
            return after + _interval;
        }

        var next = _cron.GetNextOccurrence(after.UtcDateTime);
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
