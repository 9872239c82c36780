using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Remediation;

/// <summary>How fixes are applied. Seed name: <c>REMEDIATION_MODE</c>.</summary>
public sealed class RemediationOptions
{
    public const string SectionName = "Remediation";

    /// <summary><c>MANUAL</c>: a person approves each fix; <c>AUTO</c>: validated fixes are applied on their own.</summary>
    /// <value>Default: <c>MANUAL</c>.</value>
    [Required, RegularExpression("^(AUTO|MANUAL)$", ErrorMessage = "Remediation:Mode (REMEDIATION_MODE) must be AUTO or MANUAL.")]
    public string Mode { get; set; } = "MANUAL";
}
