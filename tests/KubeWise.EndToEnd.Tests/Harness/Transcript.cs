using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>
/// Commands as a user types them and the real answers the system gave, written as docs/walkthrough.md's code blocks to
/// <c>walkthrough/&lt;name&gt;.md</c> in the test output folder (the walkthrough page is pasted from there).
/// </summary>
internal sealed partial class Transcript(string name)
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<(string Command, string Output)> _steps = [];

    public IReadOnlyList<(string Command, string Output)> Steps => _steps;

    /// <summary>JSON as <c>jq .</c> prints it.</summary>
    public static string Jq(JsonNode node) => node.ToJsonString(Pretty);

    public void Add(string command, string output) => _steps.Add((command, output.TrimEnd()));

    public string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "walkthrough", name + ".md");

    public void Write()
    {
        var text = new StringBuilder();
        foreach (var (command, output) in _steps)
        {
            text.Append("```console\n$ ").Append(command).Append('\n').Append(output).Append("\n```\n\n");
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, text.ToString());
    }

    /// <summary>A command with its ids, times and numbers blanked, to compare what a user types with the walkthrough page.</summary>
    public static string Shape(string command) => Uuid().Replace(command, "<id>");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();
}
