using System.Net;
using System.Net.Sockets;
using KubeWise.Core.Events;
using KubeWise.Core.Events.Mongo;
using KubeWise.Testing;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Events;

public sealed class MongoFaultTests
{
    [Fact]
    public async Task Create_ServerDown_ThrowsRetryableUnavailable()
    {
        var port = LoopbackPort.Free();
        var store = Store($"mongodb://127.0.0.1:{port}");

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.CreateAsync(EventSamples.Detected()));

        Assert.True(ex.IsRetryable);
        Assert.StartsWith("create event: MongoDB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ServerAcceptsButNeverAnswers_ThrowsRetryableUnavailable()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });
        var store = Store($"mongodb://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");

        var ex = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ListAsync(new EventQuery()));

        Assert.True(ex.IsRetryable);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acceptLoop);
        accepted.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Health_ServerDown_ReportsUnhealthyInsteadOfThrowing()
    {
        var health = await Store($"mongodb://127.0.0.1:{LoopbackPort.Free()}").CheckHealthAsync();

        Assert.False(health.Healthy);
        Assert.Contains("MongoDB is unavailable", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_MalformedChange_IsRejectedBeforeTheServerIsAsked()
    {
        // The server is unreachable: an ArgumentException (not Unavailable) proves the input was checked first.
        var store = Store($"mongodb://127.0.0.1:{LoopbackPort.Free()}");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ApplyAsync(new EventChange
        {
            AnomalyId = AnomalyId.New(),
            ExpectedStatus = AnomalyStatus.Detected,
            ExpectedVersion = 0,
            Actor = "worker",
        }));
    }

    private static MongoEventStore Store(string url) => new(
        new MongoContext(Options.Create(new MongoOptions { ConnectionString = url, DatabaseName = "kw_faults", ServerSelectionTimeoutSeconds = 0.5, OperationTimeoutSeconds = 2 })),
        TimeProvider.System);
}
