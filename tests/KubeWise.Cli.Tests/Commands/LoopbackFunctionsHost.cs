using System.Security.Cryptography;
using System.Text;
using KubeWise.Application.Api;
using KubeWise.Cli;
using KubeWise.Core;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Testing.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>
/// A loopback stand-in for the Functions host (<see cref="FunctionsHttpServer"/>: every HTTP function at its real route,
/// the function key required) over the app's DI in the in-process Durable test host, where <see cref="CliApprovalProbe"/>
/// waits like the real workflow.
/// </summary>
internal sealed class LoopbackFunctionsHost : IAsyncDisposable
{
    public const string Key = "cli-test-key";
    private readonly FunctionsHttpServer _server;
    private readonly string _directory;

    private LoopbackFunctionsHost(FunctionsHttpServer server, DurableTaskTestHost durable, string directory)
    {
        _server = server;
        Durable = durable;
        _directory = directory;
    }

    public DurableTaskTestHost Durable { get; }

    public IServiceProvider Services => Durable.Services;

    public IEventStore Events => Services.GetRequiredService<IEventStore>();

    public string Url => _server.Url;

    /// <summary>Runs <c>kubewise</c> in-process against this host with its key, as a user with that key would.</summary>
    public async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await KubeWiseCli.InvokeAsync([.. args, "--url", Url, "--key", Key], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <param name="events">Fills the store before the host opens it: given the host's folder, answers the LiteDB file to use.</param>
    public static async Task<LoopbackFunctionsHost> StartAsync(Func<string, string>? events = null)
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-cli-api-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = events?.Invoke(directory) ?? Path.Combine(directory, "events.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(directory, "model.json"),
            ["Api:DecisionWait"] = "00:00:00",
            ["Api:KeyNames:carol"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))),
        }).Build();
        var durable = await DurableTestHost.StartAsync(
            tasks => tasks.AddOrchestrator<CliApprovalProbe>(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddMvcCore();
                },
            });

        var server = await FunctionsHttpServer.StartAsync(durable.Services, durable.Client, Key);
        return new LoopbackFunctionsHost(server, durable, directory);
    }

    /// <summary>An event in AwaitingApproval whose probe orchestration waits for <c>Approval-1</c>.</summary>
    public async Task<(AnomalyEvent Event, string InstanceId)> CreateWaitingEventAsync()
    {
        var id = AnomalyId.New();
        var instanceId = "cli-probe-" + Guid.NewGuid().ToString("N");
        var e = (await Events.CreateAsync(new AnomalyEvent
        {
            AnomalyId = id,
            DetectionTimestamp = DateTimeOffset.UtcNow,
            EntityId = "web",
            EntityType = "deployment",
            Namespace = "shop",
            AnomalyScore = -0.5,
        })).Event;
        e = await Events.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator",
            OrchestrationInstanceId = instanceId,
            Analysis = new AiAnalysis { RootCause = "web crashes on start", Severity = "HIGH" },
            SuggestedCommands = ["restart_deployment name=web ns=shop"],
        });
        e = await Events.ApplyAsync(new EventChange
        {
            AnomalyId = id, ExpectedStatus = e.Status, ExpectedVersion = e.Version, NewStatus = AnomalyStatus.AwaitingApproval, Actor = "orchestrator",
        });
        await Durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CliApprovalProbe), id, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Durable.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token))?.SerializedCustomStatus is null)
        {
            await Task.Delay(50, cts.Token);
        }

        return (e, instanceId);
    }

    /// <summary>Starts the probe for a stored event under its own instance id and waits until it waits.</summary>
    public async Task WaitForDecisionAsync(string anomalyId, string instanceId)
    {
        await Durable.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CliApprovalProbe), anomalyId, new StartOrchestrationOptions(instanceId));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await Durable.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cts.Token))?.SerializedCustomStatus is null)
        {
            await Task.Delay(50, cts.Token);
        }
    }

    public async Task<ApprovalEvent?> ReceivedAsync(string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var done = await Durable.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        return done.ReadOutputAs<ApprovalEvent>();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await Durable.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file.
        }
    }
}

/// <summary>Waits for <c>Approval-1</c> exactly as the remediation workflow does and returns what it received.</summary>
internal sealed class CliApprovalProbe : TaskOrchestrator<string, ApprovalEvent?>
{
    public override async Task<ApprovalEvent?> RunAsync(TaskOrchestrationContext context, string input)
    {
        var name = ApprovalEvent.NameFor(1);
        context.SetCustomStatus(new RemediationStatus(RemediationStage.AwaitingApproval, 1, name, context.CurrentUtcDateTime.AddMinutes(5), "probe"));
        return await context.WaitForExternalEvent<ApprovalEvent>(name, TimeSpan.FromMinutes(2));
    }
}
