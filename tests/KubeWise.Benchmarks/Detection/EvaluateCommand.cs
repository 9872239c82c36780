using System.Globalization;
using KubeWise.Testing.Evaluation;

namespace KubeWise.Benchmarks.Detection;

/// <summary>
/// <c>dotnet run -c Release --project tests/KubeWise.Benchmarks -- evaluate [seeds] [--step seconds]</c>: the detection
/// evaluation protocol of issue 23 (<see cref="DetectionEvaluation"/>) over generator seeds, each served by its own real
/// Prometheus. Seeds: <c>1001-1020</c> (the reporting seeds, the default), <c>1,2,7</c> or a mix; seeds below 1000 are for
/// tuning. <c>--step</c>: seconds between continuous cycles (default 30; a coarser step is printed with the results).
/// Progress goes to stderr, results to stdout. Exit code 0 when every target holds, 1 when one does not, 2 on bad arguments.
/// </summary>
internal static class EvaluateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seeds = new List<int>();
        var options = new EvaluationOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--step" && i + 1 < args.Length && int.TryParse(args[++i], CultureInfo.InvariantCulture, out var step) && step > 0)
            {
                options = options with { ContinuousStep = TimeSpan.FromSeconds(step) };
            }
            else if (!TryAddSeeds(args[i], seeds))
            {
                await Console.Error.WriteLineAsync($"evaluate: '{args[i]}' is neither a seed list (1001-1020, 3,4) nor --step <seconds>.");
                return 2;
            }
        }

        if (seeds.Count == 0)
        {
            seeds.AddRange(Enumerable.Range(1001, 20));
        }

        var kind = seeds.All(s => s > 1000) ? "reporting seeds" : seeds.All(s => s < 1000) ? "tuning seeds" : "tuning AND reporting seeds mixed";
        await Console.Error.WriteLineAsync($"evaluate: {seeds.Count} {kind}: {string.Join(",", seeds)}");
        var results = new List<SeedEvaluation>();
        foreach (var seed in seeds)
        {
            results.Add(await DetectionEvaluation.RunSeedAsync(seed, options, line => Console.Error.WriteLine(line)));
        }

        var summary = new EvaluationSummary(results, options);
        Console.WriteLine($"detection evaluation ({kind}); load average {Workflow.LatencyCommand.LoadAverage()}");
        foreach (var line in summary.Lines())
        {
            Console.WriteLine(line);
        }

        return summary.MissedTargets().Count == 0 ? 0 : 1;
    }

    private static bool TryAddSeeds(string text, List<int> seeds)
    {
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            if (range.Length == 1 && int.TryParse(range[0], CultureInfo.InvariantCulture, out var one))
            {
                seeds.Add(one);
            }
            else if (range.Length == 2 && int.TryParse(range[0], CultureInfo.InvariantCulture, out var from) && int.TryParse(range[1], CultureInfo.InvariantCulture, out var to) && from <= to)
            {
                seeds.AddRange(Enumerable.Range(from, to - from + 1));
            }
            else
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
