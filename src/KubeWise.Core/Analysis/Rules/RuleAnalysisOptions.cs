using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Analysis.Rules;

/// <summary>The deterministic runbook and verifier that answer when Gemini does not.</summary>
public sealed class RuleAnalysisOptions
{
    public const string SectionName = "Analysis:Rules";

    /// <summary>How much the runbook raises a memory limit at once; the remediation policy bounds it again.</summary>
    /// <value>Default: 25 (%).</value>
    [Range(1, 100)]
    public int MemoryLimitIncreasePercent { get; set; } = 25;

    /// <summary>
    /// A metric counts as recovered when it is back within this fraction of its baseline, or has gone at least
    /// (1 − this) of the way from its anomalous value back to the baseline.
    /// </summary>
    /// <value>Default: 0.25.</value>
    [Range(0.01, 1.0)]
    public double RecoveryTolerance { get; set; } = 0.25;
}
