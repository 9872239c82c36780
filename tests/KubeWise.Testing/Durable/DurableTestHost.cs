using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace KubeWise.Testing.Durable;

/// <summary>
/// Starts the in-process Durable host on a free loopback port. Its own default is a random port in 30000-40000 that it
/// does not check, and a port the OS chose can still be taken before the host binds it, so a taken port means another try.
/// </summary>
public static class DurableTestHost
{
    private const int Attempts = 5;

    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        for (var attempt = 1; ; attempt++)
        {
            options.Port = LoopbackPort.Free();
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < Attempts && LoopbackPort.IsAddressInUse(e))
            {
                // Taken between choosing and binding: choose again.
            }
        }
    }
}
