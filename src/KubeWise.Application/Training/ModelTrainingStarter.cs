using KubeWise.Core.Kubernetes;
using KubeWise.Core.Scanning;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Training;

/// <summary>Where a training run stands.</summary>
public enum ModelTrainingStatus
{
    /// <summary>Scheduled, not started yet.</summary>
    Pending,
    Running,

    /// <summary>Ended; its report says what was trained (or why nothing could be).</summary>
    Completed,

    /// <summary>Ended with an error (or was terminated): no report.</summary>
    Failed,
}

/// <summary>The answer to a start: the run's instance id, whether it was already running (nothing new was started) and its status.</summary>
public sealed record ModelTrainingStart(string InstanceId, bool AlreadyRunning, ModelTrainingStatus Status);

/// <summary>The cluster's latest training run.</summary>
/// <param name="Request">What it was asked to train.</param>
/// <param name="Report">What it did; set once <see cref="Status"/> is <see cref="ModelTrainingStatus.Completed"/>.</param>
/// <param name="Error">Why it failed, when <see cref="Status"/> is <see cref="ModelTrainingStatus.Failed"/>.</param>
public sealed record ModelTrainingState(
    string InstanceId,
    ModelTrainingStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    ModelTrainingRequest? Request,
    ModelTrainingReport? Report,
    string? Error)
{
    public bool IsRunning => Status is ModelTrainingStatus.Pending or ModelTrainingStatus.Running;
}

/// <summary>
/// Starts <see cref="ModelTrainingOrchestrator"/> under the cluster's deterministic instance id, or answers the run that
/// is already going; and reads the latest run. Host-neutral: each host passes its own <see cref="DurableTaskClient"/>.
/// </summary>
public sealed class ModelTrainingStarter(IOptions<KubernetesOptions> kubernetes) : IDisposable
{
    public const string InstanceIdPrefix = "model-training-";

    private readonly SemaphoreSlim _starting = new(1, 1);

    /// <summary>
    /// <c>model-training-&lt;cluster&gt;</c>: the cluster is the configured kubeconfig context (<c>Kubernetes:Context</c>),
    /// else <c>default</c> (in-cluster, or the kubeconfig's current context: one cluster per deployment).
    /// </summary>
    public string InstanceId => InstanceIdFor(kubernetes.Value.Context);

    public static string InstanceIdFor(string? cluster)
    {
        var name = string.IsNullOrWhiteSpace(cluster) ? "default" : cluster.Trim();
        return InstanceIdPrefix + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? char.ToLowerInvariant(c) : '-')]);
    }

    /// <summary>Starts a run, unless one is pending or running: then that one is answered (<see cref="ModelTrainingStart.AlreadyRunning"/>) and <paramref name="request"/> is dropped.</summary>
    public async Task<ModelTrainingStart> StartAsync(DurableTaskClient client, ModelTrainingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var id = InstanceId;
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is { } existing && IsActive(existing.RuntimeStatus))
            {
                return new ModelTrainingStart(id, true, StatusOf(existing.RuntimeStatus));
            }

            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ModelTrainingOrchestrator), request, new StartOrchestrationOptions(id), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Another replica may have started the run between the read and the schedule: then that run is the answer.
                if (await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is { } raced && IsActive(raced.RuntimeStatus))
                {
                    return new ModelTrainingStart(id, true, StatusOf(raced.RuntimeStatus));
                }

                throw;
            }

            return new ModelTrainingStart(id, false, ModelTrainingStatus.Pending);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>The latest run, or null when none was ever started (or its history was purged).</summary>
    public async Task<ModelTrainingState?> GetAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var id = InstanceId;
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            return null;
        }

        var status = StatusOf(instance.RuntimeStatus);
        return new ModelTrainingState(
            id,
            status,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.ReadInputAs<ModelTrainingRequest>(),
            status == ModelTrainingStatus.Completed ? instance.ReadOutputAs<ModelTrainingReport>() : null,
            status == ModelTrainingStatus.Failed ? instance.FailureDetails?.ErrorMessage ?? $"The run ended {instance.RuntimeStatus}." : null);
    }

    public void Dispose() => _starting.Dispose();

    private static bool IsActive(OrchestrationRuntimeStatus status) => StatusOf(status) is ModelTrainingStatus.Pending or ModelTrainingStatus.Running;

    private static ModelTrainingStatus StatusOf(OrchestrationRuntimeStatus status) => status switch
    {
        OrchestrationRuntimeStatus.Pending => ModelTrainingStatus.Pending,
        OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => ModelTrainingStatus.Running,
        OrchestrationRuntimeStatus.Completed => ModelTrainingStatus.Completed,
        _ => ModelTrainingStatus.Failed,
    };
}
