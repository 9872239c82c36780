using System.Globalization;
using System.Text.Json;
using KubeWise.Core.Analysis.Gemini.Wire;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Reads the model's structured answer strictly: a missing or mistyped field is an
/// <see cref="GeminiFailure.UnparseableOutput"/>, never a guess. Commands stay untrusted proposals.
/// </summary>
public static class AnswerParser
{
    public static AnalysisDraft ParseAnalysis(GeminiAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return Analysis(answer);
        }
        catch (InvalidTextException e)
        {
            // Invalid text anywhere makes the whole answer off-schema: the rules answer, and the reason says why.
            throw Unparseable(answer, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Whatever the model sent, reading it never escapes as anything but an off-schema answer: the rules answer.
            throw Unparseable(answer, $"it could not be read ({e.Message})");
        }
    }

    private static AnalysisDraft Analysis(GeminiAnswer answer)
    {
        if (answer.FunctionCalls.Count > 0)
        {
            return FromFunctionCalls(answer);
        }

        using var document = ParseJson(answer);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unparseable(answer, "the answer is not a JSON object");
        }

        var proposals = new List<CommandProposal>();
        var malformed = new List<DroppedProposal>();
        if (root.TryGetProperty("commands", out var commands))
        {
            if (commands.ValueKind != JsonValueKind.Array)
            {
                throw Unparseable(answer, "'commands' is not an array");
            }

            foreach (var command in commands.EnumerateArray())
            {
                ReadCommand(command, proposals, malformed);
            }
        }

        return ReadFields(root, answer, proposals, malformed);
    }

    public static (bool Resolved, string Reasoning, double Confidence) ParseVerification(GeminiAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        try
        {
            return Verification(answer);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw Unparseable(answer, $"it could not be read ({e.Message})");
        }
    }

    private static (bool Resolved, string Reasoning, double Confidence) Verification(GeminiAnswer answer)
    {
        if (answer.FunctionCalls.Count > 0)
        {
            var call = answer.FunctionCalls.FirstOrDefault(c => c.Name == VerificationPrompt.VerifyFunction)
                ?? throw Unparseable(answer, $"no {VerificationPrompt.VerifyFunction} call");
            var args = call.Args ?? throw Unparseable(answer, $"{VerificationPrompt.VerifyFunction} has no arguments");
            return ReadVerdict(args, answer);
        }

        using var document = ParseJson(answer);
        return ReadVerdict(document.RootElement, answer);
    }

    private static (bool, string, double) ReadVerdict(JsonElement root, GeminiAnswer answer)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unparseable(answer, "the answer is not a JSON object");
        }

        if (!root.TryGetProperty("resolved", out var resolved) || resolved.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Unparseable(answer, "'resolved' is missing or not a boolean");
        }

        return (resolved.GetBoolean(), RequiredString(root, "reasoning", answer), Confidence(root, answer));
    }

    private static AnalysisDraft FromFunctionCalls(GeminiAnswer answer)
    {
        var reports = answer.FunctionCalls.Where(c => c.Name == AnalysisPrompt.ReportFunction).ToArray();
        if (reports.Length != 1)
        {
            throw Unparseable(answer, $"expected exactly one {AnalysisPrompt.ReportFunction} call, got {reports.Length}");
        }

        var proposals = new List<CommandProposal>();
        var malformed = new List<DroppedProposal>();
        foreach (var call in answer.FunctionCalls.Where(c => c.Name != AnalysisPrompt.ReportFunction))
        {
            var parameters = new List<KeyValuePair<string, string>>();
            if (call.Args is { ValueKind: JsonValueKind.Object } args && !TryReadParameters(args, parameters, out var problem))
            {
                malformed.Add(new DroppedProposal(call.Name + " " + Raw(args), problem!));
                continue;
            }

            proposals.Add(new CommandProposal(call.Name, parameters));
        }

        var report = reports[0].Args ?? throw Unparseable(answer, $"{AnalysisPrompt.ReportFunction} has no arguments");
        return ReadFields(report, answer, proposals, malformed);
    }

    private static AnalysisDraft ReadFields(JsonElement root, GeminiAnswer answer, List<CommandProposal> proposals, List<DroppedProposal> malformed)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unparseable(answer, "the answer is not a JSON object");
        }

        var severityText = RequiredString(root, "severity", answer);
        Severity severity = severityText.ToUpperInvariant() switch
        {
            "LOW" => Severity.Low,
            "MEDIUM" => Severity.Medium,
            "HIGH" => Severity.High,
            "CRITICAL" => Severity.Critical,
            _ => throw Unparseable(answer, $"severity '{severityText}' is not LOW, MEDIUM, HIGH or CRITICAL"),
        };

        return new AnalysisDraft(
            RequiredString(root, "root_cause", answer),
            severity,
            RequiredString(root, "description", answer),
            Confidence(root, answer),
            proposals,
            MalformedProposals: malformed);
    }

    private static void ReadCommand(JsonElement command, List<CommandProposal> proposals, List<DroppedProposal> malformed)
    {
        if (command.ValueKind != JsonValueKind.Object
            || !command.TryGetProperty(AnalysisPrompt.OperationField, out var op) || op.ValueKind != JsonValueKind.String)
        {
            malformed.Add(new DroppedProposal(Raw(command), "a command needs an 'operation' string"));
            return;
        }

        var operation = Text(op) ?? throw new InvalidTextException(InvalidText("operation"));
        if (string.IsNullOrWhiteSpace(operation))
        {
            malformed.Add(new DroppedProposal(Raw(command), "a command needs an 'operation' string"));
            return;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        if (!TryReadParameters(command, parameters, out var problem))
        {
            malformed.Add(new DroppedProposal(Raw(command), problem!));
            return;
        }

        var reason = command.TryGetProperty(AnalysisPrompt.RationaleField, out var r) && r.ValueKind == JsonValueKind.String
            ? Text(r) ?? throw new InvalidTextException(InvalidText(AnalysisPrompt.RationaleField))
            : null;
        proposals.Add(new CommandProposal(operation, parameters, reason));
    }

    private static bool TryReadParameters(JsonElement args, List<KeyValuePair<string, string>> parameters, out string? problem)
    {
        foreach (var property in args.EnumerateObject())
        {
            if (property.Name is AnalysisPrompt.OperationField or AnalysisPrompt.RationaleField)
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.String && Text(property.Value) is null)
            {
                throw new InvalidTextException(InvalidText(property.Name));
            }

            string? value = property.Value.ValueKind switch
            {
                JsonValueKind.String => Text(property.Value),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value is null)
            {
                problem = $"parameter '{property.Name}' is a {property.Value.ValueKind.ToString().ToLowerInvariant()}, not a single value";
                return false;
            }

            parameters.Add(new(property.Name, value));
        }

        problem = null;
        return true;
    }

    private static JsonDocument ParseJson(GeminiAnswer answer)
    {
        try
        {
            return JsonDocument.Parse(answer.Text);
        }
        catch (JsonException ex)
        {
            throw new GeminiException(GeminiFailure.UnparseableOutput, $"Gemini's answer is not valid JSON: {ex.Message}", answer.Usage, inner: ex);
        }
    }

    private static string RequiredString(JsonElement root, string name, GeminiAnswer answer)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw Unparseable(answer, $"'{name}' is missing or not a non-empty string");
        }

        var text = Text(value) ?? throw Unparseable(answer, InvalidText(name));
        return string.IsNullOrWhiteSpace(text) ? throw Unparseable(answer, $"'{name}' is missing or not a non-empty string") : text.Trim();
    }

    /// <summary>
    /// A JSON string's text, or null when it is not well-formed Unicode: an escaped unpaired surrogate such as
    /// <c>\ud800</c> (which <see cref="JsonElement.GetString"/> refuses), or bytes that were not UTF-8 (decoded as U+FFFD).
    /// </summary>
    private static string? Text(JsonElement value)
    {
        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return text is null || text.Contains('\uFFFD', StringComparison.Ordinal) ? null : text;
    }

    private static string InvalidText(string field) => $"'{field}' holds text that is not valid Unicode (an unpaired surrogate or bytes that are not UTF-8)";

    // What the model sent, for the record: bounded, so a huge answer does not become a huge event.
    private static string Raw(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length <= 500 ? raw : string.Concat(raw.AsSpan(0, 497), "...");
    }

    private static double Confidence(JsonElement root, GeminiAnswer answer)
    {
        if (!root.TryGetProperty("confidence", out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetDouble(out var confidence) || double.IsNaN(confidence))
        {
            throw Unparseable(answer, "'confidence' is missing or not a number");
        }

        return Math.Clamp(confidence, 0, 1);
    }

    private static GeminiException Unparseable(GeminiAnswer answer, string problem) =>
        new(GeminiFailure.UnparseableOutput, string.Create(CultureInfo.InvariantCulture, $"Gemini's answer does not match the schema: {problem}."), answer.Usage);

    private sealed class InvalidTextException(string message) : Exception(message);
}
