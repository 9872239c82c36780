using KubeWise.Core.Remediation.Catalog;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Redaction;

/// <summary>
/// Starts a <see cref="RedactionScope"/> per model call: the incident with its identifying values replaced (when
/// <see cref="RedactionOptions.Enabled"/>), and the way back for the answer. Disabled, the scope passes everything through.
/// </summary>
public sealed class PromptRedaction(IOptions<RedactionOptions> options)
{
    /// <param name="anomaly">The incident as the prompt shows it.</param>
    /// <param name="facts">What is known about the entity.</param>
    /// <param name="commands">Commands the prompt names (the executed ones, for a verification): their identifying arguments are hidden too.</param>
    public RedactionScope Begin(AnomalyInput anomaly, EntityFacts facts, IReadOnlyList<RemediationCommand>? commands = null)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        ArgumentNullException.ThrowIfNull(facts);
        return options.Value.Enabled ? RedactionScope.Create(anomaly, facts, commands ?? []) : RedactionScope.PassThrough(anomaly, facts);
    }

    /// <summary>Whether prompts are redacted (the default).</summary>
    public bool Enabled => options.Value.Enabled;
}
