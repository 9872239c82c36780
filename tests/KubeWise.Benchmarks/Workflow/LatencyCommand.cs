using System.Diagnostics;
using System.Globalization;
using KubeWise.Core.Events;

namespace KubeWise.Benchmarks.Workflow;

/// <summary>
/// <c>dotnet run -c Release --project tests/KubeWise.Benchmarks -- latency [incidents] [litedb|mongo]... [gemini|rules]... [burst]</c>:
/// how long from an anomaly being detected (the timer records the event and starts the orchestration) until a person
/// sees the event as <c>AwaitingApproval</c> through <c>GET /api/v1/remediation/events</c>. One incident at a time
/// after two warm-up incidents, each waiting fix rejected before the next one starts; with <c>burst</c>, also all
/// incidents detected in one go (one tick finding many). Model time is excluded: the fake Gemini server answers at once
/// (its HTTP round trip is reported), or the rule analyzer answers. The breakdown comes from the event's audit trail.
/// </summary>
internal static class LatencyCommand
{
    public const string LiteDb = "litedb";
    public const string Mongo = "mongo";
    private const int WarmUp = 2;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(string[] args)
    {
        var incidents = 20;
        var burst = false;
        List<string> stores = [];
        List<string> analyzers = [];
        foreach (var arg in args)
        {
            if (int.TryParse(arg, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                incidents = n;
            }
            else if (arg is LiteDb or Mongo)
            {
                stores.Add(arg);
            }
            else if (arg is "gemini" or "rules")
            {
                analyzers.Add(arg);
            }
            else if (arg == "burst")
            {
                burst = true;
            }
            else
            {
                Console.Error.WriteLine($"latency: unknown argument '{arg}'. Usage: latency [incidents] [litedb|mongo]... [gemini|rules]... [burst]");
                return 2;
            }
        }

        if (stores.Count == 0)
        {
            stores.Add(LiteDb);
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MONGO_URL")))
            {
                stores.Add(Mongo);
            }
        }

        if (analyzers.Count == 0)
        {
            analyzers.AddRange(["gemini", "rules"]);
        }

        Console.WriteLine($"detected -> AwaitingApproval listed by GET /api/v1/remediation/events; {incidents} incidents, ms; load average {LoadAverage()}");
        Console.WriteLine($"{"store",-7} {"analyzer",-8} {"mode",-10} {"median",7} {"p95",7} {"max",7} | medians: {"start",6} {"schedule",8} {"analysis",8} {"(model)",7} {"approval",8} {"API",6}");
        foreach (var store in stores)
        {
            foreach (var analyzer in analyzers)
            {
                await using var rig = await WorkflowRig.StartAsync(store, analyzer == "gemini");
                Print(store, analyzer, "one by one", await OneByOneAsync(rig, incidents));
                if (burst)
                {
                    Print(store, analyzer, "burst", await BurstAsync(rig, incidents));
                }
            }
        }

        Console.WriteLine("start: record Detected + schedule the orchestration (the timer's part); schedule: until the orchestration recorded Analyzing;");
        Console.WriteLine("analysis: cluster facts + analyzer + analysis written ((model): the fake Gemini's HTTP round trip, 0 for rules);");
        Console.WriteLine($"approval: mode check + AwaitingApproval written; API: until the list endpoint showed it (polled every {PollInterval.TotalMilliseconds:0} ms).");
        Console.WriteLine($"load average after: {LoadAverage()} (2 cores shared with other work: upper bounds)");
        return 0;
    }

    private static void Print(string store, string analyzer, string mode, List<Sample> rows) =>
        Console.WriteLine($"{store,-7} {analyzer,-8} {mode,-10} {Median(rows, r => r.Total),7:0.0} {Percentile(rows, r => r.Total, 0.95),7:0.0} {rows.Max(r => r.Total),7:0.0} | " +
                          $"{"",8} {Median(rows, r => r.Start),6:0.0} {Median(rows, r => r.Schedule),8:0.0} {Median(rows, r => r.Analysis),8:0.0} {Median(rows, r => r.Model),7:0.0} " +
                          $"{Median(rows, r => r.Approval),8:0.0} {Median(rows, r => r.Api),6:0.0}");

    private static async Task<List<Sample>> OneByOneAsync(WorkflowRig rig, int incidents)
    {
        var samples = new List<Sample>();
        for (var i = 0; i < WarmUp + incidents; i++)
        {
            rig.AnswerNextAnalysis();
            rig.Timings.Reset();
            var detectedAt = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            var anomalyId = await rig.DetectAsync();
            var started = watch.Elapsed;
            while (!(await rig.ListAwaitingApprovalAsync()).Contains(anomalyId))
            {
                await GiveUpIfLateAsync(rig, watch, [anomalyId]);
                await Task.Delay(PollInterval);
            }

            var total = watch.Elapsed;
            var model = rig.Gemini is null ? TimeSpan.Zero : rig.Timings.Busy(rig.Gemini.BaseAddress.Authority).Busy;
            var anomaly = await AnalysedEventAsync(rig, anomalyId);
            await rig.RejectAsync(anomalyId);
            if (i >= WarmUp)
            {
                samples.Add(Sample.From(anomaly, detectedAt, started, total, model));
            }
        }

        return samples;
    }

    /// <summary>
    /// Every incident detected in one go, as one tick finding many: each one's wait starts when the timer gets to it.
    /// The model share is the Gemini wait spread over the incidents (the calls overlap). This measures the in-process
    /// test host as KubeWise: its in-memory backend runs as many orchestration (and activity) work items at once as the
    /// machine has cores, and a full dispatcher looks again only after 500 ms, so with 2 cores the steps of many incidents
    /// advance in 0.5 s quanta (the audit trail shows them). Azure Storage or DTS workers dispatch differently.
    /// </summary>
    private static async Task<List<Sample>> BurstAsync(WorkflowRig rig, int incidents)
    {
        rig.Timings.Reset();
        var watch = Stopwatch.StartNew();
        var origin = DateTimeOffset.UtcNow;
        var detected = new List<(string Id, TimeSpan At, TimeSpan Started)>();
        for (var i = 0; i < incidents; i++)
        {
            rig.AnswerNextAnalysis();
            var at = watch.Elapsed;
            detected.Add((await rig.DetectAsync(), at, watch.Elapsed - at));
        }

        var visible = new Dictionary<string, TimeSpan>();
        while (visible.Count < incidents)
        {
            var listed = await rig.ListAwaitingApprovalAsync(Math.Max(50, incidents));
            foreach (var (id, _, _) in detected.Where(d => !visible.ContainsKey(d.Id) && listed.Contains(d.Id)))
            {
                visible[id] = watch.Elapsed;
            }

            await GiveUpIfLateAsync(rig, watch, [.. detected.Select(d => d.Id).Where(id => !visible.ContainsKey(id))]);
            await Task.Delay(PollInterval);
        }

        var model = rig.Gemini is null ? TimeSpan.Zero : rig.Timings.Busy(rig.Gemini.BaseAddress.Authority).Busy / incidents;
        var samples = new List<Sample>();
        foreach (var (id, at, started) in detected)
        {
            var anomaly = await AnalysedEventAsync(rig, id);
            samples.Add(Sample.From(anomaly, origin + at, started, visible[id] - at, model));
        }

        foreach (var (id, _, _) in detected)
        {
            await rig.RejectAsync(id);
        }

        return samples;
    }

    /// <summary>The event, checked to have been analysed by the backend this run measures (never a silent fallback).</summary>
    private static async Task<AnomalyEvent> AnalysedEventAsync(WorkflowRig rig, string anomalyId)
    {
        var anomaly = (await rig.Events.GetAsync(anomalyId))!;
        var expected = rig.Gemini is null ? "rules" : "gemini";
        if (anomaly.Analyzer?.Name != expected)
        {
            throw new InvalidOperationException($"Expected the {expected} analyzer, but {anomaly.Analyzer?.Name} answered: " +
                                                string.Join(" | ", anomaly.AuditTrail.Select(a => a.Comment)));
        }

        return anomaly;
    }

    private static async Task GiveUpIfLateAsync(WorkflowRig rig, Stopwatch watch, IReadOnlyList<string> waiting)
    {
        if (watch.Elapsed <= GiveUpAfter || waiting.Count == 0)
        {
            return;
        }

        var stuck = await rig.Events.GetAsync(waiting[0]);
        throw new InvalidOperationException($"{waiting.Count} incident(s) not AwaitingApproval after {GiveUpAfter.TotalSeconds:0} s; {waiting[0]}: {stuck?.Status}; " +
                                            string.Join(" | ", stuck?.AuditTrail.Select(a => $"{a.Action} {a.Comment}") ?? []));
    }

    private sealed record Sample(double Total, double Start, double Schedule, double Analysis, double Model, double Approval, double Api)
    {
        /// <summary>
        /// Splits the wait at the audit entries: Detected → Analyzing (orchestration scheduled and its first activity
        /// ran) → the analysis entry (the last one before AwaitingApproval) → AwaitingApproval → listed by the API.
        /// </summary>
        public static Sample From(AnomalyEvent anomaly, DateTimeOffset detectedAt, TimeSpan started, TimeSpan total, TimeSpan model)
        {
            var trail = anomaly.AuditTrail;
            var analyzing = trail.First(a => a.ToStatus == AnomalyStatus.Analyzing);
            var waiting = trail.First(a => a.ToStatus == AnomalyStatus.AwaitingApproval);
            var analysed = trail.Last(a => a.Version < waiting.Version);
            var visibleAt = detectedAt + total;
            return new Sample(
                total.TotalMilliseconds,
                started.TotalMilliseconds,
                (analyzing.At - detectedAt - started).TotalMilliseconds,
                (analysed.At - analyzing.At).TotalMilliseconds,
                model.TotalMilliseconds,
                (waiting.At - analysed.At).TotalMilliseconds,
                (visibleAt - waiting.At).TotalMilliseconds);
        }
    }

    private static double Median(List<Sample> rows, Func<Sample, double> value) => Percentile(rows, value, 0.5);

    private static double Percentile(List<Sample> rows, Func<Sample, double> value, double p)
    {
        var sorted = rows.Select(value).Order().ToArray();
        return sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
