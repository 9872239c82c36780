namespace KubeWise.Core.Kubernetes;

/// <summary>No cluster is configured, or the configured one cannot be loaded. The message says which sources were tried.</summary>
public sealed class KubernetesNotConfiguredException : InvalidOperationException
{
    public KubernetesNotConfiguredException(string message)
        : base(message)
    {
    }

    public KubernetesNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubernetesNotConfiguredException()
    {
    }
}
