using System.Globalization;
using KubeWise.Cli;

namespace KubeWise.Cli.Tests.Commands;

public sealed class ScoreCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("kubewise-score-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>400 rows every 30 s of a noisy CPU and memory pair; a CPU spike at row 300 and a memory level shift from row 350.</summary>
    private string WriteMetrics(string name, bool unixSeconds = false)
    {
        var random = new Random(5);
        var lines = new List<string> { "timestamp,cpu_usage_cores,memory_working_set_bytes" };
        for (var i = 0; i < 400; i++)
        {
            var cpu = 0.8 * (1 + (0.05 * ((random.NextDouble() * 2) - 1)));
            var memory = 2e9 * (1 + (0.01 * ((random.NextDouble() * 2) - 1)));
            cpu = i == 300 ? cpu * 2.5 : cpu;
            memory = i >= 350 ? memory * 1.5 : memory;
            var time = Start.AddSeconds(30 * i);
            var stamp = unixSeconds ? time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{stamp},{cpu:R},{memory:R}"));
        }

        return Write(name, string.Join('\n', lines) + "\n");
    }

    private static async Task<(int Code, string Output, string Error)> Score(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await KubeWiseCli.InvokeAsync(["score", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string output) => output.TrimEnd('\n').Split('\n');

    private static double?[] Scores(string[] lines) =>
        [.. lines.Skip(1).Select(l => l.Split(',')[1]).Select(s => s.Length == 0 ? (double?)null : double.Parse(s, CultureInfo.InvariantCulture))];

    [Fact]
    public async Task Score_GeneratedCsv_WritesOneScorePerRowAndRanksInjectedIncidentsHighest()
    {
        var input = WriteMetrics("in.csv");

        var (code, output, error) = await Score("--input", input);

        Assert.Equal(0, code);
        // The result is on stdout, the summary on stderr: `kubewise score --input in.csv > scores.csv` keeps both apart.
        Assert.Contains("trained on the first 60 rows", error, StringComparison.Ordinal);
        Assert.Single(Lines(error));
        var inputLines = File.ReadAllLines(input);
        var lines = Lines(output);
        Assert.Equal("timestamp,anomaly_score", lines[0]);
        Assert.Equal(inputLines.Length, lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.Equal(inputLines[i].Split(',')[0], lines[i].Split(',')[0]);
        }

        var scores = Scores(lines);
        Assert.All(scores.Take(19), s => Assert.Null(s));
        Assert.All(scores.Skip(19), s => Assert.NotNull(s));
        // anomaly_score is the decision value, as the scan reports it: below -0.2 is anomalous at the default threshold.
        Assert.True(scores[300] < -0.2, $"spike scored {scores[300]}");
        Assert.True(scores[352] < -0.2, $"shift scored {scores[352]}");
        var normal = scores.Skip(19).Take(280).Select(s => s!.Value).ToList();
        Assert.True(normal.Count(s => s < -0.2) <= normal.Count / 50, $"{normal.Count(s => s < -0.2)} of {normal.Count} normal rows below -0.2");
        Assert.True(scores[300] < normal.Min() || scores[300] <= -0.25);
    }

    [Fact]
    public async Task Score_JsonOutput_CarriesTheSameScoresAsTheCsv()
    {
        var input = WriteMetrics("in.csv");

        var csv = await Score("--input", input);
        var json = await Score("--input", input, "-o", "json");

        Assert.Equal((0, 0), (csv.Code, json.Code));
        using var document = System.Text.Json.JsonDocument.Parse(json.Output);
        var root = document.RootElement;
        Assert.Equal(60, root.GetProperty("train_rows").GetInt32());
        var rows = root.GetProperty("scores").EnumerateArray().ToList();
        var expected = Scores(Lines(csv.Output));
        Assert.Equal(expected.Length, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = rows[i].GetProperty("anomaly_score");
            Assert.Equal(expected[i], score.ValueKind == System.Text.Json.JsonValueKind.Null ? null : score.GetDouble());
        }

        Assert.Equal(File.ReadAllLines(input)[1].Split(',')[0], rows[0].GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task Score_UnixSecondsAndOptions_AreReproducibleAndSeedMatters()
    {
        var input = WriteMetrics("unix.csv", unixSeconds: true);

        var first = await Score("--input", input, "--train-rows", "200", "--window", "10", "--seed", "7", "--trees", "50", "--samples", "128");
        var second = await Score("--input", input, "--train-rows", "200", "--window", "10", "--seed", "7", "--trees", "50", "--samples", "128");
        var other = await Score("--input", input, "--train-fraction", "0.5", "--window", "10", "--seed", "8", "--trees", "50", "--samples", "128");

        Assert.Equal((0, 0, 0), (first.Code, second.Code, other.Code));
        Assert.Equal(first.Output, second.Output);
        Assert.NotEqual(first.Output, other.Output);
        Assert.Equal(Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ",", Lines(first.Output)[1]);
        Assert.Contains("trained on the first 200 rows", first.Error, StringComparison.Ordinal);
        Assert.Contains("trained on the first 200 rows", other.Error, StringComparison.Ordinal);
        Assert.Null(Scores(Lines(first.Output))[8]);
        Assert.NotNull(Scores(Lines(first.Output))[9]);
    }

    [Fact]
    public async Task Score_EmptyCellsAndNaN_AreMissingPointsNotErrors()
    {
        var lines = File.ReadAllLines(WriteMetrics("base.csv")).ToList();
        lines[40] = lines[40].Split(',')[0] + ",," + lines[40].Split(',')[2];
        lines[41] = lines[41].Split(',')[0] + ",NaN," + lines[41].Split(',')[2];
        var input = Write("gaps.csv", string.Join('\n', lines));

        var (code, output, error) = await Score("--input", input);

        Assert.Equal(0, code);
        Assert.DoesNotContain("error", error, StringComparison.OrdinalIgnoreCase);
        Assert.All(Scores(Lines(output)).Skip(19), s => Assert.True(s is { } v && double.IsFinite(v)));
    }

    [Fact]
    public async Task Score_RepeatedAndOutOfOrderTimestamps_SortsCountsOnStderrAndScoresEveryRow()
    {
        var sorted = File.ReadAllLines(WriteMetrics("sorted.csv"));
        var (_, cleanOutput, cleanError) = await Score("--input", PathOf("sorted.csv"), "--train-rows", "60");
        Assert.DoesNotContain("warning", cleanError, StringComparison.Ordinal);
        var reference = Lines(cleanOutput);

        // A daylight-saving hour: rows 200-209 are written a second time with the same local timestamps and other
        // values; and two chunks re-sent out of order: rows 100-104 appear after row 120.
        var rows = sorted.Skip(1).ToList();
        var repeats = Enumerable.Range(200, 10).Select(i => rows[i].Split(',')[0] + ",0.81,2000000000").ToList();
        var shuffled = new List<string>(rows[..100]);
        shuffled.AddRange(rows[105..121]);
        shuffled.AddRange(rows[100..105]);
        shuffled.AddRange(rows[121..210]);
        shuffled.AddRange(repeats);
        shuffled.AddRange(rows[210..]);
        var input = Write("quirks.csv", sorted[0] + "\n" + string.Join('\n', shuffled) + "\n");

        var (code, output, error) = await Score("--input", input, "--train-rows", "60");

        Assert.Equal(0, code);
        // Two rows go back in time: row 100 after row 120, and the first repeat after row 209.
        Assert.Contains("warning: " + input + ": 10 row(s) repeat the timestamp of the row before them and 2 row(s) go back in time", error, StringComparison.Ordinal);
        Assert.Contains("Scored 410 rows", error, StringComparison.Ordinal);
        var lines = Lines(output);
        Assert.Equal(411, lines.Length);
        var stamps = lines.Skip(1).Select(l => DateTimeOffset.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(stamps.Order(), stamps);
        // Equal times keep file order: each repeated stamp is written twice, the original's score row first.
        var firstRepeat = lines.ToList().FindIndex(l => l.StartsWith(rows[200].Split(',')[0] + ",", StringComparison.Ordinal));
        Assert.StartsWith(rows[200].Split(',')[0] + ",", lines[firstRepeat + 1], StringComparison.Ordinal);
        var scores = Scores(lines);
        Assert.All(scores.Skip(19), s => Assert.True(s is { } v && double.IsFinite(v)));
        // Sorting restored the series: rows before the repeated hour score exactly as in the clean file, and the
        // spike and the level shift still stand out after it.
        Assert.Equal(reference.Skip(1).Take(200), lines.Skip(1).Take(200));
        Assert.True(scores[300 + 10] < -0.2, $"spike scored {scores[310]}");
        Assert.True(scores[352 + 10] < -0.2, $"shift scored {scores[362]}");
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { string.Empty, "empty.csv is empty" },
        { "\n\n", "empty.csv is empty" },
        { "time,cpu\n2026-03-01T00:00:00Z,1\n", "line 1: the first column must be 'timestamp', found 'time'" },
        { "timestamp\n2026-03-01T00:00:00Z\n", "line 1: no metric columns" },
        { "timestamp,cpu\n", "has a header but no data rows" },
        { "timestamp,cpu,mem\n2026-03-01T00:00:00Z,1,2\n2026-03-01T00:00:30Z,1\n", "line 3: expected 3 values (timestamp,cpu,mem), found 2" },
        { "timestamp,cpu\n2026-03-01T00:00:00Z,1\n2026-03-01T00:00:30Z,1\n2026-03-01T00:01:00Z,abc\n", "line 4: column 'cpu': 'abc' is not a number" },
        { "timestamp,cpu\nyesterday,1\n", "line 2: timestamp 'yesterday' is neither ISO-8601 nor unix seconds" },
        { "timestamp,cpu,cpu\n1,1,1\n", "line 1: column 'cpu' appears more than once" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Score_BadCsv_FailsWithLineNumberExitOneAndWritesNothing(string content, string expected)
    {
        var input = Write("empty.csv", content);

        var (code, output, error) = await Score("--input", input);

        Assert.Equal(1, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Score_TooFewRowsToTrain_ExplainsWhatToChange()
    {
        var lines = File.ReadAllLines(WriteMetrics("base.csv")).Take(31);
        var input = Write("short.csv", string.Join('\n', lines));

        var (code, _, error) = await Score("--input", input);

        Assert.Equal(1, code);
        Assert.Contains("The first 5 of 30 rows hold 0 usable window(s) of 20 rows", error, StringComparison.Ordinal);
        Assert.Contains("--train-rows", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_MissingInputFile_ExitsOne()
    {
        var (code, output, error) = await Score("--input", PathOf("nope.csv"));

        Assert.Equal(1, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--train-rows", "100", "--train-fraction", "0.2", "either --train-rows or --train-fraction")]
    [InlineData("--train-fraction", "1.5", "--window", "20", "--train-fraction must be greater than 0 and at most 1")]
    [InlineData("--window", "3", "--seed", "1", "--window must be at least 4")]
    [InlineData("--trees", "0", "--seed", "1", "--trees must be at least 1")]
    [InlineData("--window", "ten", "--seed", "1", "ten")]
    [InlineData("-o", "table", "--seed", "1", "table")]
    public async Task Score_BadOptions_AreUsageErrors(string option1, string value1, string option2, string value2, string expected)
    {
        var input = WriteMetrics("in.csv");

        var (code, output, error) = await Score("--input", input, option1, value1, option2, value2);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Score_MissingRequiredOptions_IsUsageError()
    {
        var (code, _, error) = await Score("-o", "json");

        Assert.Equal(2, code);
        Assert.Contains("--input", error, StringComparison.Ordinal);
    }
}
