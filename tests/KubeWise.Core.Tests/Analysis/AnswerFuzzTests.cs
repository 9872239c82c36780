using System.Text;
using System.Text.Json;
using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Testing.Gemini;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KubeWise.Core.Tests.Analysis;

/// <summary>
/// Model answers nobody would write on purpose, through the whole analyzer as production wires it (the fake Gemini
/// serves each one over HTTP): wrong types, duplicate keys, invalid text, huge and deeply nested answers, unknown
/// operations, smuggled parameters, truncations and byte flips. Every answer either yields screened commands for the
/// incident's own objects, or the rules answer with the reason; nothing escapes as an exception.
/// </summary>
public sealed class AnswerFuzzTests(ITestOutputHelper output)
{
    private const int Answers = 1200;

    [Fact]
    public async Task Analyze_1200MutatedAnswers_ScreenedCommandsOrTheRulesWithAReason()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:MaxRetries"] = "0", ["Gemini:Redaction:Enabled"] = "false" });
        var catalog = h.Services.GetRequiredService<RemediationCatalog>();
        var random = new Random(20261207);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var escaped = new List<string>();
        for (var i = 0; i < Answers; i++)
        {
            var (kind, text) = Mutate(random, i);
            h.Server.Enqueue(FakeGeminiReply.Text(text));
            AnalysisResult result;
            try
            {
                result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);
            }
#pragma warning disable CA1031 // The point is to see anything escape.
            catch (Exception e)
#pragma warning restore CA1031
            {
                escaped.Add($"{kind} #{i}: {e.GetType().Name}: {e.Message}");
                continue;
            }

            string outcome;
            if (result.Backend == AnalysisBackend.Gemini)
            {
                foreach (var command in result.Commands)
                {
                    // Screened: the catalog reads it back, and it touches only the incident's own objects.
                    var parsed = catalog.Parse(command.Command).Command;
                    Assert.True(parsed is not null, $"{kind} #{i}: accepted {command.Command} does not parse");
                    Assert.True(parsed.Target.Namespace == "shop" && parsed.Target.Name.StartsWith("checkout", StringComparison.Ordinal)
                        || parsed.Target.Key == "Node/worker-2", $"{kind} #{i}: accepted {command.Command} targets {parsed.Target.Key}");
                }

                outcome = result.Commands.Count > 0 ? "gemini, commands screened" : "gemini, no command";
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(result.FallbackReason), $"{kind} #{i}: the rules answered without a reason");
                outcome = "rules, with the reason";
            }

            var key = $"{kind}: {outcome}";
            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
        }

        foreach (var (key, count) in outcomes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,5}  {key}");
        }

        Assert.Empty(escaped);
        Assert.Equal(Answers, outcomes.Values.Sum());
        // Both ways out were taken: the mutations did not all break, nor all survive.
        Assert.Contains(outcomes, p => p.Key.EndsWith("rules, with the reason", StringComparison.Ordinal));
        Assert.Contains(outcomes, p => p.Key.EndsWith("commands screened", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyze_UnpairedSurrogateInACommand_TheRulesAnswerAndSayWhy()
    {
        await using var h = await GeminiHarness.StartAsync(new() { ["Gemini:MaxRetries"] = "0" });
        h.Server.Enqueue(FakeGeminiReply.Text("""
            {"root_cause":"x","severity":"HIGH","description":"d","confidence":0.5,
             "commands":[{"operation":"restart_deployment","name":"web\ud800","ns":"shop"}]}
            """));

        var result = await h.Analyzer.AnalyzeAsync(Incidents.CrashLoop(), CancellationToken.None);

        Assert.Equal(AnalysisBackend.Rules, result.Backend);
        Assert.Contains("'name' holds text that is not valid Unicode", result.FallbackReason, StringComparison.Ordinal);
    }

    private static readonly string Good = JsonSerializer.Serialize(Incidents.GoodAnswer());

    private static (string Kind, string Text) Mutate(Random random, int i) => (i % 10) switch
    {
        0 => ("wrong type", WrongType(random)),
        1 => ("duplicate keys", Good.Replace("\"commands\":", "\"commands\":[],\"commands\":", StringComparison.Ordinal)
            .Replace("\"severity\":\"HIGH\"", random.Next(2) == 0 ? "\"severity\":\"HIGH\",\"severity\":\"LOW\"" : "\"severity\":\"HIGH\",\"severity\":7", StringComparison.Ordinal)),
        2 => ("invalid text", InvalidText(random)),
        3 => ("huge", Huge(random)),
        4 => ("unknown operation", Command(random, $"{{\"operation\":\"{Pick(random, "rm_rf", "exec", "kubectl", "delete_namespace", "patch", "RESTART_DEPLOYMENT", "restart_deployment ")}\",\"name\":\"checkout\",\"ns\":\"shop\"}}")),
        5 => ("smuggled parameter", Command(random, Pick(random,
            "{\"operation\":\"restart_deployment\",\"name\":\"checkout ns=kube-system\",\"ns\":\"shop\"}",
            "{\"operation\":\"restart_deployment\",\"name\":\"checkout\",\"ns\":\"shop\",\"namespace\":\"kube-system\"}",
            "{\"operation\":\"scale_deployment\",\"name\":\"checkout\",\"ns\":\"shop\",\"replicas\":\"0; drop\"}",
            "{\"operation\":\"scale_deployment\",\"name\":\"checkout\",\"ns\":\"shop\",\"replicas\":1e9}",
            "{\"operation\":\"restart_deployment\",\"name\":\"coredns\",\"ns\":\"kube-system\"}",
            "{\"operation\":\"set_resources\",\"name\":\"checkout\",\"ns\":\"shop\",\"container\":\"checkout\",\"memory_limit\":\"1Mi\",\"dryRun\":false}",
            "{\"operation\":\"delete_pod\",\"name\":\"../../etc\",\"ns\":\"shop\"}",
            "{\"operation\":\"cordon_node\",\"name\":\"worker-2\"}"))),
        6 => ("truncated", Good[..random.Next(1, Good.Length - 1)]),
        7 => ("deeply nested", Good.Replace("\"commands\":[", "\"commands\":[" + new string('[', random.Next(50, 5000)), StringComparison.Ordinal)),
        8 => ("byte flips", Flip(random)),
        _ => ("valid", Good),
    };

    private static string WrongType(Random random)
    {
        var field = Pick(random, "root_cause", "severity", "description", "confidence", "commands");
        var value = Pick(random, "42", "null", "[]", "{}", "true", "\"\"", "\"very\"", "-1e400", "[{\"operation\":1}]");
        using var document = JsonDocument.Parse(Good);
        var parts = document.RootElement.EnumerateObject().Select(p => $"\"{p.Name}\":{(p.Name == field ? value : p.Value.GetRawText())}");
        return "{" + string.Join(',', parts) + "}";
    }

    private static string InvalidText(Random random)
    {
        var bad = Pick(random, "\\ud800", "\\udc00", "\\ud800\\u0041", "\\udfff\\ud800", "\\u0000");
        var target = Pick(random, "\"checkout\"", "\"shop\"", "\"HIGH\"", "\"Clear transient state.\"", "\"restart_deployment\"");
        var index = Good.IndexOf(target, StringComparison.Ordinal);
        return Good[..(index + 1)] + bad + Good[(index + 1)..];
    }

    private static string Huge(Random random) => random.Next(3) switch
    {
        0 => Good.Replace("\"Clear transient state.\"", "\"" + new string('x', 400_000) + "\"", StringComparison.Ordinal),
        1 => Command(random, string.Join(',', Enumerable.Repeat("{\"operation\":\"restart_deployment\",\"name\":\"checkout\",\"ns\":\"shop\"}", 2_000))),
        _ => Good.Replace("\"ns\":\"shop\"", "\"ns\":\"shop\"," + string.Join(',', Enumerable.Range(0, 5_000).Select(n => $"\"p{n}\":\"v\"")), StringComparison.Ordinal),
    };

    private static string Command(Random random, string commands) =>
        random.Next(2) == 0
            ? $"{{\"root_cause\":\"r\",\"severity\":\"HIGH\",\"description\":\"d\",\"confidence\":0.7,\"commands\":[{commands}]}}"
            : $"{{\"root_cause\":\"r\",\"severity\":\"HIGH\",\"description\":\"d\",\"confidence\":0.7,\"commands\":[{{\"operation\":\"restart_deployment\",\"name\":\"checkout\",\"ns\":\"shop\"}},{commands}]}}";

    private static string Flip(Random random)
    {
        var bytes = Encoding.UTF8.GetBytes(Good);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];
}
