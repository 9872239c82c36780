using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// A command built in code (the rule analyzer, a test) rather than parsed skipped the catalog's checks; it must parse back
/// from its own text form to itself, so invalid names or values never reach the cluster whichever way a command was made.
/// </summary>
public sealed class CatalogGuard : IPolicyGuard
{
    private static readonly RemediationCatalog BuiltIn = new();

    public string Name => "catalog";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        // User-defined commands can only be created by the catalog's parser (internal constructor).
        if (context.Command is CustomCommand)
        {
            yield break;
        }

        var text = context.Command.ToString();
        var parsed = BuiltIn.Parse(text);
        if (!parsed.Succeeded)
        {
            yield return new(Name, PolicyDecision.Rejected, $"'{text}' is not a valid command: {parsed.Error.Reason}");
        }
        else if (parsed.Command.GetType() != context.Command.GetType() || !parsed.Command.Target.Matches(context.Command.Target)
            || parsed.Command.ToString() != text)
        {
            yield return new(Name, PolicyDecision.Rejected, $"'{text}' does not describe the command it was built from");
        }
    }
}
