using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Backtest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli.Commands;

/// <summary>
/// <c>kubewise score</c>: backtest the detector on exported metrics. Trains on the first rows and scores every row
/// with the live path's feature and forest code. Exit 0 ok, 1 when the input cannot be used, 2 on usage errors.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "CSV with a header: 'timestamp' (ISO-8601 or unix seconds; repeated or out-of-order times are sorted, with a count on stderr), then one or more numeric columns.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "csv ('timestamp,anomaly_score', one row per input row, in time order with equal times in file order) or json, on stdout; lower is worse, below -0.2 is anomalous at the default threshold; empty with too little history.", DefaultValueFactory = _ => "csv" };
        output.AcceptOnlyFromAmong("csv", "json");
        var trainRows = new Option<int?>("--train-rows") { Description = "Train on the first N rows (default: 15 % of the rows, at most 750)." };
        var trainFraction = new Option<double?>("--train-fraction") { Description = "Train on this share of the rows, 0 < F <= 1." };
        var window = new Option<int>("--window") { Description = "Rows per feature window, the row itself included.", DefaultValueFactory = _ => BacktestSettings.DefaultWindow };
        var seed = new Option<int?>("--seed") { Description = "Random seed of the forest (default: Detection:Seed, 42)." };
        var trees = new Option<int?>("--trees") { Description = "Number of trees (default: Detection:Trees, 100)." };
        var samples = new Option<int?>("--samples") { Description = "Subsample size per tree (default: Detection:SampleSize, 256)." };

        trainRows.Validators.Add(r => AtLeast(r, 2));
        trainFraction.Validators.Add(r =>
        {
            if (Token(r) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && !(f > 0 && f <= 1))
            {
                r.AddError($"--train-fraction must be greater than 0 and at most 1, not {text}.");
            }
        });
        window.Validators.Add(r => AtLeast(r, 4));
        trees.Validators.Add(r => AtLeast(r, 1));
        samples.Validators.Add(r => AtLeast(r, 2));

        var command = new Command("score", "Backtest anomaly scoring on exported metrics (CSV in; 'timestamp,anomaly_score' CSV or JSON on stdout, a summary on stderr). Exit codes: 0 ok, 1 unusable input, 2 usage error.")
        {
            input, output, trainRows, trainFraction, window, seed, trees, samples,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(trainRows) is not null && r.GetResult(trainFraction) is not null)
            {
                r.AddError("Use either --train-rows or --train-fraction, not both.");
            }
        });
        command.SetAction((parse, cancellationToken) => RunAsync(
            new Arguments(
                parse.GetRequiredValue(input),
                parse.GetValue(output) ?? "csv",
                parse.GetValue(trainRows),
                parse.GetValue(trainFraction),
                parse.GetValue(window),
                parse.GetValue(seed),
                parse.GetValue(trees),
                parse.GetValue(samples)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <param name="Output"><c>csv</c> or <c>json</c>.</param>
    internal sealed record Arguments(string Input, string Output, int? TrainRows, double? TrainFraction, int Window, int? Seed, int? Trees, int? Samples);

    internal static async Task<int> RunAsync(Arguments args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        DetectionOptions detection;
        try
        {
            // Only the detection settings matter here: they are validated when read, the others cannot block a backtest.
            using var services = CliHost.BuildServices(CliHost.BuildConfiguration(), validateEverySetting: false);
            _ = services.GetRequiredService<IOptions<DetectionOptions>>().Value;
            detection = new DetectionOptions();
            services.GetRequiredService<IConfiguration>().GetSection(DetectionOptions.SectionName).Bind(detection);
            detection.Trees = args.Trees ?? detection.Trees;
            detection.SampleSize = args.Samples ?? detection.SampleSize;
            detection.Seed = args.Seed ?? detection.Seed;
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"error: invalid configuration: {string.Join("; ", ex.Failures)}");
            return ExitCodes.Failure;
        }

        BacktestTable table;
        try
        {
            using var reader = new StreamReader(args.Input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            table = BacktestCsvReader.Read(reader, args.Input);
        }
        catch (BacktestInputException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {args.Input}: {ex.Message}");
            return ExitCodes.Failure;
        }

        if (table.RepeatedTimestamps > 0 || table.OutOfOrderRows > 0)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warning: {args.Input}: {table.RepeatedTimestamps} row(s) repeat the timestamp of the row before them and {table.OutOfOrderRows} row(s) go back in time; rows are scored and written in time order, equal times in file order."));
        }

        BacktestResult result;
        try
        {
            result = BacktestScorer.Score(table, new BacktestSettings(args.Window, args.TrainRows, args.TrainFraction, detection));
        }
        catch (BacktestInputException ex)
        {
            error.WriteLine($"error: {args.Input}: {ex.Message}");
            return ExitCodes.Failure;
        }

        output.Write(args.Output == "json" ? Json(args.Input, table, result, args.Window, detection) : Csv(table, result));
        var empty = result.Scores.Count(s => s is null);
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Scored {table.RowCount} rows of {args.Input}: trained on the first {result.TrainRows} rows ({result.TrainingBlocks} metric windows), window {args.Window} rows, {detection.Trees} trees, {detection.SampleSize} samples, seed {detection.Seed}; {empty} row(s) with too little history left empty."));
        await output.FlushAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    // anomaly_score is the forest's decision value, as the scan reports it: lower is worse, -0.2 the default threshold.
    private static double? AnomalyScore(double? score) => score is { } s ? -s : null;

    private static string Csv(BacktestTable table, BacktestResult result)
    {
        var text = new StringBuilder("timestamp,anomaly_score\n");
        for (var i = 0; i < table.RowCount; i++)
        {
            text.Append(table.RawTimestamps[i]).Append(',');
            if (AnomalyScore(result.Scores[i]) is { } score)
            {
                text.Append(score.ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Json(string input, BacktestTable table, BacktestResult result, int window, DetectionOptions detection) =>
        JsonSerializer.Serialize(
            new ScoreDocument(
                input,
                result.TrainRows,
                window,
                detection.Trees,
                detection.SampleSize,
                detection.Seed,
                [.. Enumerable.Range(0, table.RowCount).Select(i => new ScoredRow(table.RawTimestamps[i], AnomalyScore(result.Scores[i])))]),
            JsonOptions) + "\n";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record ScoreDocument(string Input, int TrainRows, int Window, int Trees, int Samples, int Seed, IReadOnlyList<ScoredRow> Scores);

    /// <param name="Timestamp">The row's timestamp as the file wrote it.</param>
    /// <param name="AnomalyScore">Lower is worse; null with too little history.</param>
    private sealed record ScoredRow(string Timestamp, double? AnomalyScore);

    // Validators read the token, not the converted value: a token that does not convert already has the parser's error.
    private static void AtLeast(OptionResult result, int minimum)
    {
        if (Token(result) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value < minimum)
        {
            result.AddError($"{result.Option.Name} must be at least {minimum}, not {value}.");
        }
    }

    private static string? Token(OptionResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
}
