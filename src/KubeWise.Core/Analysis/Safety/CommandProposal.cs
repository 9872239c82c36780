using System.Globalization;
using System.Text;

namespace KubeWise.Core.Analysis;

/// <summary>
/// A command a backend proposes, before validation: untrusted data. Parameter values are kept as the text
/// received; only the catalog parser gives them meaning.
/// </summary>
/// <param name="Operation">Operation name as proposed (e.g. <c>restart_deployment</c>).</param>
/// <param name="Parameters">Parameters as proposed, in the order received.</param>
/// <param name="Rationale">Why the backend proposed it.</param>
public sealed record CommandProposal(
    string Operation,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string? Rationale = null)
{
    public static CommandProposal Of(string operation, params (string Name, object Value)[] parameters) =>
        new(operation, parameters.Select(p => new KeyValuePair<string, string>(
            p.Name, Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty)).ToArray());

    /// <summary>The proposal as received, for the drop record (not a command: nothing parses this).</summary>
    public string Describe()
    {
        var text = new StringBuilder(Operation);
        foreach (var (name, value) in Parameters)
        {
            text.Append(' ').Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }
}
