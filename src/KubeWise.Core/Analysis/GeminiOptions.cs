namespace KubeWise.Core.Analysis;

/// <summary>Gemini. Seed names: <c>GEMINI_API_KEY</c>, <c>GEMINI_AUTO_ANALYSIS</c>, <c>GEMINI_AUTO_VERIFICATION</c>.</summary>
public sealed class GeminiOptions
{
    public const string SectionName = "Gemini";

    /// <summary>Gemini Developer API key; when unset the rule analyzer answers.</summary>
    /// <value>Default: unset.</value>
    public string? ApiKey { get; set; }

    /// <summary>Ask Gemini for root cause and fix.</summary>
    /// <value>Default: true.</value>
    public bool AutoAnalysis { get; set; } = true;

    /// <summary>Ask Gemini whether a fix worked.</summary>
    /// <value>Default: true.</value>
    public bool AutoVerification { get; set; } = true;
}
