using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Redaction;

/// <summary>
/// Starts a <see cref="RedactionScope"/> per model call: the incident with its identifying values replaced (when
/// <see cref="RedactionOptions.Enabled"/>), and the way back for the answer. Disabled, the scope passes everything through.
/// </summary>
public sealed class PromptRedaction(IOptions<RedactionOptions> options)
{
    public RedactionScope Begin(AnomalyInput anomaly, EntityFacts facts)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        ArgumentNullException.ThrowIfNull(facts);
        return options.Value.Enabled ? RedactionScope.Create(anomaly, facts) : RedactionScope.PassThrough(anomaly, facts);
    }
}
