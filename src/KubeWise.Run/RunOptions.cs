using System.ComponentModel.DataAnnotations;

namespace KubeWise.Run;

/// <summary>The HTTP side of <c>kubewise run</c>: where the API, <c>/health</c> and <c>/ready</c> listen.</summary>
public sealed class RunOptions
{
    public const string SectionName = "Run";

    /// <summary>The API port (the <c>kubewise</c> CLI's default URL is http://localhost:7071, as with <c>func start</c>).</summary>
    /// <value>Default: 7071.</value>
    [Range(0, 65535)]
    public int Port { get; set; } = 7071;

    /// <summary>
    /// The address to listen on. Without API keys (<c>Api:KeyNames</c>) it is always loopback: an API that changes the
    /// cluster is never open to the network unauthenticated.
    /// </summary>
    /// <value>Default: every interface (0.0.0.0) when keys are configured, 127.0.0.1 otherwise.</value>
    public string? ListenAddress { get; set; }
}
