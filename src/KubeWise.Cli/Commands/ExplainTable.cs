using System.Globalization;
using KubeWise.Core.Detection;
using KubeWise.Core.Analysis;
using KubeWise.Core.Explain;
using KubeWise.Core.Investigation;

namespace KubeWise.Cli.Commands;

/// <summary>The human-readable form of an <see cref="ExplainReport"/>: one block per anomalous entity.</summary>
internal static class ExplainTable
{
    private const string Indent = "   ";
    private const string StepIndent = "     ";
    private const int VerdictWidth = 28;

    public static void Write(string prometheus, ExplainReport report, TextWriter output)
    {
        var scan = report.Scan;
        output.WriteLine(Invariant($"Scanned {prometheus} at {scan.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {Words.Count(scan.Entities.Count, "entity", "entities")}, {Words.Count(report.Incidents.Count, "anomalous entity", "anomalous entities")}."));
        foreach (var item in scan.Degraded)
        {
            output.WriteLine($"Degraded: {item}");
        }

        // One statement per line: the cluster, what the verdicts rest on, and that nothing changed.
        if (report.Cluster.Connected)
        {
            output.WriteLine($"Cluster: {report.Cluster.Description}.");
            output.WriteLine("Facts read live; allowed commands were sent as server-side dry runs (dryRun=All).");
        }
        else
        {
            output.WriteLine($"Cluster: none ({report.Cluster.Description}).");
            output.WriteLine($"Verdicts marked provisional were reached without live facts: {IncidentBriefing.Assumptions}.");
        }

        output.WriteLine("Nothing was applied.");
        if (report.Incidents.Count == 0)
        {
            output.WriteLine($"No anomalies: all {Words.Count(scan.Entities.Count, "entity", "entities")} look healthy. Nothing to explain.");
            return;
        }

        for (var i = 0; i < report.Incidents.Count; i++)
        {
            output.WriteLine();
            WriteIncident(i + 1, report.Incidents[i], output);
        }

        output.WriteLine();
        var usage = report.Usage;
        output.WriteLine(usage.TotalTokens == 0
            ? "No model was asked: the rule analyzer answered, no tokens were used."
            : Invariant($"Tokens used: {usage.TotalTokens} (prompt {usage.PromptTokens}, answer {usage.CandidatesTokens})."));
    }

    private static void WriteIncident(int number, IncidentExplanation incident, TextWriter output)
    {
        var (finding, analysis) = (incident.Finding, incident.Analysis);
        output.WriteLine(Invariant($"{number}. {finding.Entity}: {string.Join(", ", finding.Detectors)}, {finding.Severity.Name()}, score {finding.Score:0.000}"));
        // Each detector's leading evidence; the JSON output carries all of it.
        foreach (var each in finding.Findings)
        {
            output.WriteLine(finding.Findings.Count == 1
                ? $"{Indent}Evidence: {each.TopEvidence.Description}"
                : $"{Indent}Evidence ({each.Detector}): {each.TopEvidence.Description}");
        }

        output.WriteLine(Invariant($"{Indent}Analysis by {Analyzer(analysis)}: {analysis.Severity.ToString().ToUpperInvariant()}, confidence {analysis.Confidence:0.00}"));
        output.WriteLine($"{Indent}Root cause: {analysis.RootCause}");
        output.WriteLine($"{Indent}Description: {analysis.Description}");
        output.WriteLine($"{Indent}Facts: {incident.FactsNote}");
        if (incident.Plan.Count == 0)
        {
            output.WriteLine($"{Indent}Fix plan: no command proposed.");
        }
        else
        {
            output.WriteLine($"{Indent}Fix plan:");
            foreach (var step in incident.Plan)
            {
                WriteStep(step, output);
            }
        }

        foreach (var suggestion in analysis.Suggestions)
        {
            output.WriteLine($"{Indent}Advice: {suggestion}");
        }

        if (analysis.Usage.TotalTokens > 0)
        {
            output.WriteLine(Invariant($"{Indent}Tokens: {analysis.Usage.TotalTokens}"));
        }

        if (incident.Prompt is { } prompt)
        {
            output.WriteLine($"{Indent}Would send to {prompt.Provider} ({prompt.Model}): POST {prompt.Url}");
            output.WriteLine(prompt.Body);
        }
    }

    private static void WriteStep(PlanStep step, TextWriter output)
    {
        var verdict = step.Verdict switch
        {
            PlanVerdict.Allowed => "ALLOWED",
            PlanVerdict.SuggestionOnly => "SUGGESTION ONLY",
            _ => "REJECTED",
        } + (step.Provisional ? " (provisional)" : string.Empty);
        var detail = StepIndent + new string(' ', VerdictWidth + 2);
        output.WriteLine($"{StepIndent}{verdict.PadRight(VerdictWidth)}  {step.Command}");
        if (step.Reason is not null)
        {
            output.WriteLine($"{detail}{(step.Verdict == PlanVerdict.Allowed ? "note" : "reason")}: {step.Reason}");
        }

        if (step.Change is { } change)
        {
            output.WriteLine($"{detail}would change {change.Target}: {string.Join(", ", change.Fields.DefaultIfEmpty("(no field: the object is replaced)"))}{(change.Reversible ? " (reversible)" : " (not reversible)")}");
        }

        if (step.DryRun is { } dry)
        {
            output.WriteLine($"{detail}dry run: {dry.Outcome}: {dry.Message}");
            foreach (var note in dry.Notes)
            {
                output.WriteLine($"{detail}  {note}");
            }
        }
        else if (step.Verdict == PlanVerdict.Allowed)
        {
            output.WriteLine($"{detail}dry run: not run (no cluster)");
        }
    }

    private static string Analyzer(AnalysisResult analysis) => analysis.Backend switch
    {
        AnalysisBackend.Gemini => $"Gemini ({analysis.Model})",
        AnalysisBackend.Llm => $"{analysis.Call?.Provider ?? "model"} ({analysis.Model})",
        _ => analysis.FallbackReason is null ? "rules" : $"rules ({analysis.FallbackReason})",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
