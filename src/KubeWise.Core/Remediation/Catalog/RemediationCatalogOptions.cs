using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// User-defined safe operations (the seed's "custom commands"): a closed set of JSON merge-patch templates with typed
/// parameters, checked at start-up (<see cref="RemediationCatalogOptionsValidator"/>). Nothing outside this list runs.
/// </summary>
public sealed class RemediationCatalogOptions
{
    public const string SectionName = "Remediation:Catalog";

    /// <summary>The user-defined operations.</summary>
    /// <value>Default: none.</value>
    public List<CustomOperationOptions> CustomOperations { get; set; } = [];
}

/// <summary>One user-defined operation. Its text form is <c>&lt;Name&gt; name=&lt;object&gt; [ns=&lt;namespace&gt;] param=value ...</c>.</summary>
public sealed class CustomOperationOptions
{
    /// <summary>Operation name, lowercase snake_case, distinct from the built-in operations.</summary>
    [Required, RegularExpression("^[a-z][a-z0-9_]{2,62}$", ErrorMessage = "A custom operation name must be lowercase snake_case (3-63 characters).")]
    public string Name { get; set; } = string.Empty;

    /// <summary>What it does, for people and for the model.</summary>
    [Required, StringLength(500, MinimumLength = 10)]
    public string Description { get; set; } = string.Empty;

    /// <summary>Kind it patches: Deployment, StatefulSet, DaemonSet or Node.</summary>
    [Required]
    public string TargetKind { get; set; } = string.Empty;

    /// <summary>
    /// A JSON merge patch (RFC 7386) under <c>spec</c>, <c>metadata.labels</c> or <c>metadata.annotations</c>. A string value that is
    /// exactly <c>{{param}}</c> is replaced by the parameter's typed value; placeholders elsewhere, nulls (deletions) and other
    /// fields are refused.
    /// </summary>
    [Required]
    public string Patch { get; set; } = string.Empty;

    /// <summary>The typed parameters (besides the implicit <c>name</c> and <c>ns</c>).</summary>
    public List<CustomParameterOptions> Parameters { get; set; } = [];
}

/// <summary>One parameter of a user-defined operation.</summary>
public sealed class CustomParameterOptions
{
    [Required, RegularExpression("^[a-z][a-z0-9_]{0,62}$", ErrorMessage = "A parameter name must be lowercase snake_case.")]
    public string Name { get; set; } = string.Empty;

    /// <summary>One of: integer, boolean, cpu, memory, enum, label, name, token.</summary>
    [Required]
    public string Type { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <value>Default: true.</value>
    public bool Required { get; set; } = true;

    /// <summary>Bounds for integer parameters; both are required for integers so the model cannot send extremes.</summary>
    public long? Minimum { get; set; }

    public long? Maximum { get; set; }

    /// <summary>Allowed values for enum parameters.</summary>
    public List<string> Values { get; set; } = [];
}
