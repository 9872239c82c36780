using KubeWise.Application;
using KubeWise.Core.Configuration;
using KubeWise.Run.Durable;
using KubeWise.Run.Health;
using KubeWise.Run.Scanning;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Run;

public static class RunServiceCollectionExtensions
{
    /// <summary>
    /// The hosting of <c>kubewise run</c> around <c>AddKubeWiseCore</c> and <c>AddKubeWiseWorkflow</c>: the Durable sidecar
    /// (and Azurite), a worker running <see cref="WorkflowTasks"/> and a client, both over the sidecar's loopback gRPC
    /// channel, the scan and query-proposal timers, and readiness. Hosted services start in this order and stop in reverse.
    /// </summary>
    public static IServiceCollection AddKubeWiseRun(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RunOptions>(configuration, RunOptions.SectionName);
        services.AddValidatedOptions<DurableOptions>(configuration, DurableOptions.SectionName);
        services.AddValidatedOptions<ScanLeaseOptions>(configuration, ScanLeaseOptions.SectionName);
        services.AddOptions<ScheduleOptions>().Bind(configuration).ValidateOnStart()
            .Validate(s => Parses(ScheduleOptions.ScanKey, s.ScanSchedule) && Parses(ScheduleOptions.ProposalKey, s.QueryProposalSchedule));
        services.AddHostOptions(configuration);

        services.AddSingleton<SidecarEndpoint>();
        services.AddSingleton<WorkerConnections>();
        services.AddSingleton<DurableSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());

        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc();
            worker.AddTasks(tasks => tasks.AddKubeWiseTasks());
        });
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Microsoft.Extensions.Options.Options.DefaultName)
            .Configure<SidecarEndpoint>((options, sidecar) => options.Channel = sidecar.Channel);
        services.AddDurableTaskClient(client => client.UseGrpc());
        services.AddOptions<GrpcDurableTaskClientOptions>(Microsoft.Extensions.Options.Options.DefaultName)
            .Configure<SidecarEndpoint>((options, sidecar) => options.Channel = sidecar.Channel);

        services.AddSingleton<ScanLease>();
        // Not paused unless the embedder registered its own (RunHostHooks.ScanPaused).
        services.TryAddSingleton(_ => new ScanControl(paused: false));
        services.AddSingleton<ScanLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<ScanLoop>());
        services.AddHostedService<ProposalLoop>();
        services.AddSingleton<Readiness>();
        services.AddSingleton<Api.FunctionKeys>();
        return services;
    }

    private static void AddHostOptions(this IServiceCollection services, IConfiguration configuration)
    {
        // SIGTERM: every hosted service gets this long to finish (Kubernetes' default grace period is 30 s).
        services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host =>
            host.ShutdownTimeout = configuration.GetValue("Run:ShutdownTimeout", TimeSpan.FromSeconds(25)));
    }

    private static bool Parses(string setting, string expression)
    {
        try
        {
            TimerSchedule.Parse(setting, expression);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
