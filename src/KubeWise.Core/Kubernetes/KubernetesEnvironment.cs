namespace KubeWise.Core.Kubernetes;

/// <summary>What the client factory reads from the process environment; replaced in tests.</summary>
public sealed record KubernetesEnvironment(
    Func<string, string?> GetVariable,
    string? HomeDirectory,
    string ServiceAccountDirectory)
{
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public static KubernetesEnvironment Process { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        DefaultServiceAccountDirectory);

    /// <summary>The conditions client-go uses: the service host/port variables and the mounted token.</summary>
    public bool IsInCluster =>
        !string.IsNullOrEmpty(GetVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(GetVariable("KUBERNETES_SERVICE_PORT"))
        && File.Exists(Path.Combine(ServiceAccountDirectory, "token"));
}
