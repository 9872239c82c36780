
namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The command a workflow step or a stored attempt is about, built from its data.</summary>
public static class StepCommands
{
    /// <summary>
    /// The command <paramref name="data"/> describes; <paramref name="text"/> is read only when there is no data: in
    /// orchestrations the first release started (their history holds the model's text alone) and in the attempts it stored.
    /// </summary>
    public static CommandParseResult Build(RemediationCatalog catalog, CommandData? data, string text) =>
        data is null ? catalog.Parse(text) : catalog.Build(data);
}
