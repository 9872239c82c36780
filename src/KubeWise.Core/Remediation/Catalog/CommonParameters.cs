namespace KubeWise.Core.Remediation.Catalog;

/// <summary>The parameters most operations share, spelled as in the seed (<c>name=</c>, <c>ns=</c>).</summary>
public static class CommonParameters
{
    public const string NameKey = "name";
    public const string NamespaceKey = "ns";

    /// <summary>Hard ceiling on any replica count the catalog accepts; the policy's bounds are tighter.</summary>
    public const long MaxReplicas = 1000;

    public static ParameterSpec Name(string kind) =>
        new(NameKey, ParameterType.ObjectName, $"Name of the {kind}.");

    public static ParameterSpec Namespace(string kind) =>
        new(NamespaceKey, ParameterType.Label, $"Namespace of the {kind}.");

    public static ParameterSpec Replicas(string kind) =>
        new("replicas", ParameterType.Integer, $"Desired number of replicas of the {kind}.", Minimum: 0, Maximum: MaxReplicas);
}
