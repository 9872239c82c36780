using KubeWise.Core.Kubernetes;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using KubeWise.Testing.Kubernetes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Remediation.Execution;

/// <summary>
/// The executor wired as in production (client factory reading a kubeconfig) against the fake API server,
/// with a fake clock that tests move on.
/// </summary>
public sealed class ExecutionHarness : IAsyncDisposable
{
    private readonly string _directory;
    private readonly KubernetesClientFactory _clients;

    private ExecutionHarness(FakeKubernetesApiServer server, FakeTimeProvider time, string directory, ExecutionOptions options,
        IExecutionGuard[] guards, Action<RemediationPolicyOptions>? policy)
    {
        Server = server;
        Time = time;
        _directory = directory;
        var kubeconfig = server.WriteKubeConfig(Path.Combine(directory, "config"));
        _clients = new KubernetesClientFactory(
            Options.Create(new KubernetesOptions { KubeConfigPath = kubeconfig }),
            new KubernetesEnvironment(_ => null, null, Path.Combine(directory, "no-service-account")));
        Facts = new ClusterFactsReader(_clients);
        if (policy is not null)
        {
            var policyOptions = new RemediationPolicyOptions();
            policy(policyOptions);
            guards = [.. guards, new PolicyRecheckGuard(new RemediationPolicy(Options.Create(policyOptions), time), Facts)];
        }

        Executor = new RemediationExecutor(_clients, time, Options.Create(options), guards, NullLogger<RemediationExecutor>.Instance);
    }

    public FakeKubernetesApiServer Server { get; }

    public FakeTimeProvider Time { get; }

    public RemediationExecutor Executor { get; }

    public ClusterFactsReader Facts { get; }

    public static Task<ExecutionHarness> StartAsync(ExecutionOptions? options = null, params IExecutionGuard[] guards) =>
        StartAsync(options, guards, policy: null);

    /// <summary>With the policy re-check (<see cref="PolicyRecheckGuard"/>) in force, as in production.</summary>
    public static Task<ExecutionHarness> StartWithPolicyAsync(Action<RemediationPolicyOptions>? configure = null) =>
        StartAsync(null, [], configure ?? (_ => { }));

    private static async Task<ExecutionHarness> StartAsync(ExecutionOptions? options, IExecutionGuard[] guards, Action<RemediationPolicyOptions>? policy)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero));
        var server = await FakeKubernetesApiServer.StartAsync(time);
        var directory = Directory.CreateTempSubdirectory("kubewise-exec-").FullName;
        return new ExecutionHarness(server, time, directory, options ?? new ExecutionOptions(), guards, policy);
    }

    /// <summary>Validates <paramref name="operation"/> now and executes it, as approval then execution would.</summary>
    public async Task<ExecutionResult> ValidateAndExecuteAsync(RemediationOperation operation, string anomalyId = "a-1", string approvedBy = "alice")
    {
        var validated = await Executor.CaptureAsync(operation);
        return await Executor.ExecuteAsync(operation, new ExecutionRequest(anomalyId, approvedBy, validated));
    }

    /// <summary>Runs <paramref name="work"/> while moving the fake clock on, so retry delays and drain waits elapse.</summary>
    public async Task<T> WithClockRunningAsync<T>(Func<Task<T>> work, TimeSpan? step = null)
    {
        var task = Task.Run(work);
        var limit = DateTime.UtcNow.AddSeconds(30);
        while (!task.IsCompleted && DateTime.UtcNow < limit)
        {
            Time.Advance(step ?? TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(task, Task.Delay(5));
        }

        return await task;
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
