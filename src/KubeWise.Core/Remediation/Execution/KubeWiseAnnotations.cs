namespace KubeWise.Core.Remediation.Execution;

/// <summary>The annotations KubeWise writes on the objects it changes, visible with <c>kubectl describe</c>.</summary>
public static class KubeWiseAnnotations
{
    /// <summary>Written by the patch itself: <c>&lt;anomaly_id&gt;/&lt;command hash&gt;</c> (the catalog's <c>Fingerprint</c>). Finding it means the command was applied.</summary>
    public const string Applied = "kubewise.io/applied";

    /// <summary>Written by a rollback, with the same value as the change it undid.</summary>
    public const string RolledBack = "kubewise.io/rolled-back";

    /// <summary>kubectl's restart annotation on the pod template.</summary>
    public const string RestartedAt = "kubectl.kubernetes.io/restartedAt";

    public static string Marker(string anomalyId, string commandHash) => $"{anomalyId}/{commandHash}";
}
