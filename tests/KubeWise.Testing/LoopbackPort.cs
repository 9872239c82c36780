using System.Net;
using System.Net.Sockets;

namespace KubeWise.Testing;

/// <summary>
/// A free loopback port for servers that must be told their port. The OS can hand the same port to another process
/// between choosing it and binding it (test projects run in parallel), so starters retry on "address already in use".
/// </summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when <paramref name="error"/> (or any inner exception) says the port was taken.</summary>
    public static bool IsAddressInUse(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
                || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return error is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse);
    }
}
