using System.Globalization;

namespace KubeWise.Core.Detection.Backtest;

/// <summary>
/// Reads <c>timestamp,metric[,metric...]</c> CSV (timestamps ISO-8601 or unix seconds). Every problem is reported
/// with the file's name and line number; an empty cell is a missing point, anything else non-numeric is an error.
/// Real exports repeat timestamps (a daylight-saving hour written in local time) and go backwards (merged or
/// re-sent chunks): the rows are sorted by time, rows with equal times stay in file order, and the table counts both.
/// </summary>
public static class BacktestCsvReader
{
    public static BacktestTable Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 0;
        string? header = null;
        while (header is null && reader.ReadLine() is { } line)
        {
            lineNumber++;
            header = string.IsNullOrWhiteSpace(line) ? null : line;
        }

        if (header is null)
        {
            throw new BacktestInputException($"{source} is empty: expected a header line such as 'timestamp,cpu_usage'.");
        }

        var headerLine = lineNumber;
        var columns = Split(header);
        if (!string.Equals(columns[0], "timestamp", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(source, headerLine, $"the first column must be 'timestamp', found '{columns[0]}'");
        }

        if (columns.Length < 2)
        {
            throw Error(source, headerLine, "no metric columns: expected 'timestamp' followed by one or more numeric columns");
        }

        for (var c = 1; c < columns.Length; c++)
        {
            if (columns[c].Length == 0)
            {
                throw Error(source, headerLine, $"column {c + 1} has no name");
            }

            if (Array.FindIndex(columns, 1, c - 1, n => n == columns[c]) >= 0)
            {
                throw Error(source, headerLine, $"column '{columns[c]}' appears more than once");
            }
        }

        var raw = new List<string>();
        var times = new List<DateTimeOffset>();
        var values = Enumerable.Range(1, columns.Length - 1).Select(_ => new List<double>()).ToArray();
        var backwards = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = Split(line);
            var rawTimestamp = line[..(line.IndexOf(',', StringComparison.Ordinal) is var comma and >= 0 ? comma : line.Length)];
            if (fields.Length != columns.Length)
            {
                throw Error(source, lineNumber, $"expected {columns.Length} values ({string.Join(',', columns)}), found {fields.Length}");
            }

            var time = ParseTime(fields[0]) ?? throw Error(source, lineNumber, $"timestamp '{fields[0]}' is neither ISO-8601 nor unix seconds");
            if (times.Count > 0 && time < times[^1])
            {
                backwards++;
            }

            for (var c = 1; c < fields.Length; c++)
            {
                values[c - 1].Add(ParseValue(fields[c]) ?? throw Error(source, lineNumber, $"column '{columns[c]}': '{fields[c]}' is not a number"));
            }

            raw.Add(rawTimestamp);
            times.Add(time);
        }

        if (raw.Count == 0)
        {
            throw new BacktestInputException($"{source} has a header but no data rows.", headerLine);
        }

        // OrderBy is a stable sort: rows with equal times keep their file order.
        var order = Enumerable.Range(0, times.Count).OrderBy(i => times[i]).ToArray();
        var sortedTimes = order.Select(i => times[i]).ToArray();
        var repeated = 0;
        for (var i = 1; i < sortedTimes.Length; i++)
        {
            repeated += sortedTimes[i] == sortedTimes[i - 1] ? 1 : 0;
        }

        return new BacktestTable(
            [.. order.Select(i => raw[i])],
            sortedTimes,
            columns[1..],
            [.. values.Select(v => order.Select(i => v[i]).ToArray())])
        {
            RepeatedTimestamps = repeated,
            OutOfOrderRows = backwards,
        };
    }

    private static BacktestInputException Error(string source, int line, string message) => new($"{source}, line {line}: {message}.", line);

    private static string[] Split(string line) => [.. line.Split(',').Select(f => f.Trim().Trim('"').Trim())];

    private static DateTimeOffset? ParseTime(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return double.IsFinite(seconds) && Math.Abs(seconds) < 253_402_300_799
                ? DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
                : null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    // An empty cell is a missing point; NaN and infinities are accepted and, like the live path, skipped as missing.
    private static double? ParseValue(string text)
    {
        if (text.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
