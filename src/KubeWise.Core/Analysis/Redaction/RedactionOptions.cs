namespace KubeWise.Core.Analysis.Redaction;

/// <summary>What KubeWise hides from the model. Section <c>Gemini:Redaction</c>.</summary>
public sealed class RedactionOptions
{
    public const string SectionName = "Gemini:Redaction";

    /// <summary>
    /// Replace namespace, workload, pod, node and container names, images, label and annotation values, IP addresses and
    /// the label values in configured queries with stable placeholders (<c>redacted-pod-1</c>) in everything sent to the
    /// model (analysis, verification, query proposals), and map them back in its answer before the answer is used.
    /// On by default: what leaves the cluster is opt-out.
    /// </summary>
    /// <value>Default: true.</value>
    public bool Enabled { get; set; } = true;
}
