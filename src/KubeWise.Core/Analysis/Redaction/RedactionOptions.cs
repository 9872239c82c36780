namespace KubeWise.Core.Analysis.Redaction;

/// <summary>What KubeWise hides from the model. Section <c>Gemini:Redaction</c>.</summary>
public sealed class RedactionOptions
{
    public const string SectionName = "Gemini:Redaction";

    /// <summary>
    /// Replace namespace, pod, node, owner and container names and label and annotation values with stable placeholders
    /// (<c>redacted-pod-1</c>) in everything sent to the model, and map them back in its answer before the answer is used.
    /// </summary>
    /// <value>Default: false.</value>
    public bool Enabled { get; set; }
}
