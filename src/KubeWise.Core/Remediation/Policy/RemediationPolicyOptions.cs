using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Remediation.Policy;

/// <summary>
/// Every safety guard of the remediation policy with its default, in one place. Section <c>Remediation:Policy</c>.
/// Defaults are the careful choice: a guard that is unsure rejects or turns a command into a suggestion.
/// </summary>
public sealed class RemediationPolicyOptions : IValidatableObject
{
    public const string SectionName = "Remediation:Policy";

    /// <summary>The annotation that opts an object or a whole namespace out of remediation (value <c>disabled</c>).</summary>
    public const string OptOutAnnotation = "kubewise.io/remediation";

    public const string OptOutValue = "disabled";

    /// <summary>Namespaces KubeWise may change; empty means every namespace not denied.</summary>
    /// <value>Default: empty (all).</value>
    public List<string> AllowedNamespaces { get; set; } = [];

    /// <summary>
    /// Namespaces KubeWise never changes, also when the anomaly is in them. Configured entries are added to the default,
    /// so kube-system stays protected unless <see cref="AllowKubeSystem"/> is set.
    /// </summary>
    /// <value>Default: <c>kube-system</c>.</value>
    public List<string> DeniedNamespaces { get; set; } = [];

    /// <summary>Lifts the built-in denial of <c>kube-system</c>; only for clusters whose operators run KubeWise there on purpose.</summary>
    /// <value>Default: false.</value>
    public bool AllowKubeSystem { get; set; }

    /// <summary>Catalog operations that are never run (e.g. <c>drain_node</c>); they are rejected with that reason.</summary>
    /// <value>Default: none.</value>
    public List<string> DeniedOperations { get; set; } = [];

    /// <summary>At most this many remediations of the same object or for the same anomalous entity per <see cref="EntityWindowSeconds"/>.</summary>
    /// <value>Default: 3.</value>
    [Range(1, 100)]
    public int MaxActionsPerEntity { get; set; } = 3;

    /// <summary>The per-entity rate window, in seconds.</summary>
    /// <value>Default: 3600 (one hour).</value>
    [Range(60, 7 * 86_400)]
    public int EntityWindowSeconds { get; set; } = 3600;

    /// <summary>Cluster-wide storm limit: at most this many remediations per <see cref="StormWindowSeconds"/>.</summary>
    /// <value>Default: 10.</value>
    [Range(1, 1000)]
    public int MaxRemediationsPerWindow { get; set; } = 10;

    /// <summary>The storm window, in seconds.</summary>
    /// <value>Default: 600 (ten minutes).</value>
    [Range(60, 86_400)]
    public int StormWindowSeconds { get; set; } = 600;

    /// <summary>
    /// How long a reservation against the rate and storm limits counts when its execution never settles it (the worker
    /// stopped between reserving and recording), in seconds. Longer than one execution step with its API retries.
    /// </summary>
    /// <value>Default: 300 (five minutes).</value>
    [Range(10, 86_400)]
    public int LimitReservationSeconds { get; set; } = 300;

    /// <summary>
    /// At most this percentage of nodes cordoned at once, counting the command's node. With the default, clusters of fewer
    /// than five nodes never get a node cordoned or drained by KubeWise.
    /// </summary>
    /// <value>Default: 20.</value>
    [Range(0, 100)]
    public int MaxCordonedNodesPercent { get; set; } = 20;

    /// <summary>Lowest replica count a scale command may set (0 would be an outage).</summary>
    /// <value>Default: 1.</value>
    [Range(0, 1000)]
    public int MinReplicas { get; set; } = 1;

    /// <summary>Highest replica count a scale command may set.</summary>
    /// <value>Default: 20.</value>
    [Range(1, 1000)]
    public int MaxReplicas { get; set; } = 20;

    /// <summary>Largest change of the replica count in one phase; a bigger scale becomes a list of phases.</summary>
    /// <value>Default: 3.</value>
    [Range(1, 1000)]
    public int ScalePhaseSize { get; set; } = 3;

    /// <summary>Largest increase of a container request or limit, in percent of its current value (100 = at most double).</summary>
    /// <value>Default: 100.</value>
    [Range(1, 1000)]
    public int MaxResourceIncreasePercent { get; set; } = 100;

    /// <summary>Largest decrease of a container request or limit, in percent of its current value (50 = at most half).</summary>
    /// <value>Default: 50.</value>
    [Range(1, 99)]
    public int MaxResourceDecreasePercent { get; set; } = 50;

    /// <summary>Labels that mark an object as managed by GitOps: such objects get a suggestion, never a patch. Added to the defaults.</summary>
    /// <value>Default: <c>argocd.argoproj.io/instance</c>, <c>kustomize.toolkit.fluxcd.io/name</c>, <c>helm.toolkit.fluxcd.io/name</c>.</value>
    public List<string> GitOpsLabels { get; set; } = [];

    /// <summary>Annotations that mark an object as managed by GitOps. Added to the defaults.</summary>
    /// <value>Default: <c>argocd.argoproj.io/tracking-id</c>.</value>
    public List<string> GitOpsAnnotations { get; set; } = [];

    /// <summary>The built-in GitOps labels (Argo CD's instance label, Flux's kustomize and helm controller labels).</summary>
    public static IReadOnlyList<string> DefaultGitOpsLabels { get; } =
        ["argocd.argoproj.io/instance", "kustomize.toolkit.fluxcd.io/name", "helm.toolkit.fluxcd.io/name"];

    /// <summary>The built-in GitOps annotations (Argo CD's annotation-based resource tracking).</summary>
    public static IReadOnlyList<string> DefaultGitOpsAnnotations { get; } = ["argocd.argoproj.io/tracking-id"];

    /// <summary>The denied namespaces in force: kube-system (unless lifted) plus the configured ones.</summary>
    public IEnumerable<string> EffectiveDeniedNamespaces => AllowKubeSystem ? DeniedNamespaces : ["kube-system", .. DeniedNamespaces];

    public IEnumerable<string> EffectiveGitOpsLabels => [.. DefaultGitOpsLabels, .. GitOpsLabels];

    public IEnumerable<string> EffectiveGitOpsAnnotations => [.. DefaultGitOpsAnnotations, .. GitOpsAnnotations];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinReplicas > MaxReplicas)
        {
            yield return new ValidationResult(
                $"Remediation:Policy:MinReplicas ({MinReplicas}) must not exceed MaxReplicas ({MaxReplicas}).",
                [nameof(MinReplicas), nameof(MaxReplicas)]);
        }

        foreach (var ns in AllowedNamespaces.Intersect(EffectiveDeniedNamespaces, StringComparer.Ordinal))
        {
            yield return new ValidationResult(
                $"Namespace '{ns}' is both allowed and denied in Remediation:Policy; remove it from one list.",
                [nameof(AllowedNamespaces), nameof(DeniedNamespaces)]);
        }
    }
}
