using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Kubernetes;

/// <summary>
/// How KubeWise reaches the Kubernetes API. Sources, first match wins: an explicit kubeconfig file
/// (<see cref="KubeConfigPath"/>), the in-cluster service account, the <c>KUBECONFIG</c> environment variable,
/// then <c>~/.kube/config</c>. With none of them there is no cluster: KubeWise says so and never guesses localhost.
/// </summary>
public sealed class KubernetesOptions
{
    public const string SectionName = "Kubernetes";

    /// <summary>Which source to use: <c>Auto</c> (the order above), <c>InCluster</c> or <c>KubeConfig</c>.</summary>
    /// <value>Default: <c>Auto</c>.</value>
    [Required, RegularExpression("^(Auto|InCluster|KubeConfig)$", ErrorMessage = "Kubernetes:Source must be Auto, InCluster or KubeConfig.")]
    public string Source { get; set; } = "Auto";

    /// <summary>An explicit kubeconfig file; it must exist when set.</summary>
    /// <value>Default: unset (use <c>KUBECONFIG</c> or <c>~/.kube/config</c>).</value>
    public string? KubeConfigPath { get; set; }

    /// <summary>The kubeconfig context to use.</summary>
    /// <value>Default: unset (the file's current-context).</value>
    public string? Context { get; set; }

    /// <summary>Timeout of one API request, in seconds.</summary>
    /// <value>Default: 30.</value>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;
}
