namespace KubeWise.Core.Analysis;

/// <summary>Why the rule analyzer (or verifier) answered instead of Gemini.</summary>
public enum FallbackCause
{
    /// <summary><c>GEMINI_AUTO_ANALYSIS</c> / <c>GEMINI_AUTO_VERIFICATION</c> is off.</summary>
    SwitchedOff,

    /// <summary>No API key or Vertex AI project is configured.</summary>
    NotConfigured,

    /// <summary>The incident's token budget is spent.</summary>
    BudgetSpent,

    /// <summary>Gemini was asked and failed (error, timeout, empty or blocked answer).</summary>
    GeminiFailed,

    /// <summary>A person asked for the rules only (the CLI's <c>--no-llm</c>).</summary>
    RulesRequested,

    /// <summary>The provider's hourly token cap (<c>Llm:HourlyTokenBudget</c>) is spent; the reason starts with "budget".</summary>
    HourlyBudget,
}
