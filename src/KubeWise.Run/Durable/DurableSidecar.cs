using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Durable;

/// <summary>
/// The Durable Task sidecar (<c>TaskHubGrpcServer</c>, from the preview package Microsoft.DurableTask.InProcessTestHost)
/// over the configured backend, on its own Kestrel bound to 127.0.0.1 only: the worker and the client of this process
/// talk to it over gRPC, nothing else can. Started before the worker, stopped after it; with the Azurite backend it
/// also starts Azurite first and stops it last.
/// </summary>
internal sealed class DurableSidecar(
    IOptions<DurableOptions> options,
    SidecarEndpoint endpoint,
    WorkerConnections connections,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<DurableSidecar>();
    private AzuriteProcess? _azurite;
    private AzureStorageOrchestrationService? _storage;
    private WebApplication? _server;

    /// <summary>True from the moment the sidecar answers until it stops.</summary>
    public bool Serving { get; private set; }

    /// <summary>The backend in one phrase, for logs and the ready report.</summary>
    public string Description { get; private set; } = "not started";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IOrchestrationService service;
        IOrchestrationServiceClient client;
        switch (settings.EffectiveBackend)
        {
            case DurableBackend.InMemory:
                var memory = new InMemoryOrchestrationService(loggers);
                (service, client) = (memory, memory);
                Description = "in memory (throw-away: orchestration state is lost when the process stops)";
                RunLog.InMemoryBackend(_logger);
                break;
            case DurableBackend.Azurite:
                var executable = AzuriteLocator.Locate(settings.AzuritePath);
                _azurite = await AzuriteProcess.StartAsync(executable, settings.DataDirectory, _logger, cancellationToken).ConfigureAwait(false);
                (service, client) = await AzureStorageAsync(_azurite.ConnectionString, settings, cancellationToken).ConfigureAwait(false);
                Description = $"Azurite (pid {_azurite.ProcessId}, data in {_azurite.DataDirectory})";
                break;
            default:
                if (string.IsNullOrWhiteSpace(settings.ConnectionString))
                {
                    throw new RunStartException("Run:Durable:Backend is AzureStorage but Run:Durable:ConnectionString is not set: give the storage account's connection string.");
                }

                (service, client) = await AzureStorageAsync(settings.ConnectionString, settings, cancellationToken).ConfigureAwait(false);
                Description = "Azure Storage (connection string)";
                break;
        }

        _server = BuildServer(service, client);
        try
        {
            await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new RunStartException($"The Durable sidecar cannot listen on 127.0.0.1:{endpoint.Port} ({e.Message}): set Run:Durable:SidecarPort to a free port, or 0.", e);
        }

        Serving = true;
        RunLog.SidecarServing(_logger, endpoint.Address.ToString(), settings.TaskHub, Description);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Serving = false;
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_storage is not null)
        {
            // Releases the partition leases now, so the next start takes them at once instead of after they expire.
            try
            {
                await _storage.StopAsync(isForced: false).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                RunLog.LeasesNotReleased(_logger, e.Message);
            }

            _storage = null;
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync().ConfigureAwait(false);
            _azurite = null;
        }
    }

    private async Task<(IOrchestrationService, IOrchestrationServiceClient)> AzureStorageAsync(string connectionString, DurableOptions settings, CancellationToken ct)
    {
        var storage = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = settings.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            PartitionCount = settings.PartitionCount,
            ControlQueueVisibilityTimeout = settings.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = settings.QueueVisibilityTimeout,
            MaxQueuePollingInterval = settings.MaxQueuePollingInterval,
            // The app lease lets two apps share one hub in turns (blue/green); one kubewise run per hub has no use for it,
            // and a lease left by a killed process would hold the next start until it expires.
            UseAppLease = false,
            LoggerFactory = loggers,
        });
        _storage = storage;
        try
        {
            await storage.CreateIfNotExistsAsync().WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new RunStartException($"The Durable task hub '{settings.TaskHub}' could not be created in Azure Storage ({e.GetType().Name}: {e.Message}): check Run:Durable:ConnectionString and that the account answers.", e);
        }

        // The dispatcher writes through the fixed-up proxy; the client reads and raises events on the service itself.
        return (SidecarSafeOrchestrationService.Wrap(storage), storage);
    }

    private WebApplication BuildServer(IOrchestrationService service, IOrchestrationServiceClient client)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = SidecarEndpoint.MaxMessageBytes;
        });
        builder.Services.AddSingleton(loggers);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(connections);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = SidecarEndpoint.MaxMessageBytes;
            grpc.MaxSendMessageSize = SidecarEndpoint.MaxMessageBytes;
            grpc.Interceptors.Add<WorkerConnections>();
        });
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }
}
