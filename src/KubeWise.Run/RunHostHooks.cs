using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeWise.Run;

/// <summary>
/// Embedding and test hooks of <see cref="KubeWiseRunHost.Build(RunHostHooks)"/>: the same host <c>kubewise run</c> builds,
/// with its configuration, logging and scan loop under the embedder's control. <c>kubewise run</c> uses none of them
/// beyond <see cref="Settings"/>; the end-to-end tests use them to run the product in their own process.
/// </summary>
public sealed class RunHostHooks
{
    /// <summary>Settings applied last (configuration keys such as <c>Run:Port</c>, or the seed names).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>
    /// Whether appsettings.json and the environment are read (as <c>kubewise run</c> does). False: only
    /// <see cref="Settings"/>, so a test's system does not depend on the machine it runs on.
    /// </summary>
    public bool ReadEnvironment { get; init; } = true;

    /// <summary>Replaces the console logger on stderr (e.g. with a provider that keeps the lines for a failure message).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>Runs after every registration of the product, so it may add or replace services.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// True: the scan loop starts paused and ticks only once <see cref="Scanning.ScanControl.Resume"/> is called (resolve
    /// <see cref="Scanning.ScanControl"/> from the host's services). Default false, as in <c>kubewise run</c>.
    /// </summary>
    public bool ScanPaused { get; init; }
}
