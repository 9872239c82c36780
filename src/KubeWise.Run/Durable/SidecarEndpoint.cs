using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Durable;

/// <summary>The sidecar's loopback address and the one channel the worker and the client share.</summary>
internal sealed class SidecarEndpoint : IDisposable
{
    /// <summary>Orchestration inputs and histories can be large (an incident's evidence); gRPC's default is 4 MB.</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    public SidecarEndpoint(IOptions<DurableOptions> options)
    {
        Port = options.Value.SidecarPort is > 0 and var port ? port : FreePort();
        Address = new Uri($"http://127.0.0.1:{Port}");
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });
    }

    public int Port { get; }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public void Dispose() => Channel.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
