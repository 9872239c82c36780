using KubeWise.Application.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace KubeWise.Functions.Triggers;

/// <summary>
/// The scan loop. The schedule is the app setting <c>ScanSchedule</c> (NCRONTAB, default every 30 s in
/// local.settings.sample.json); <c>WORKER_SLEEP_INTERVAL_SECONDS</c> is honoured by skipping ticks.
/// </summary>
public sealed class ScanTimerFunction(ScanWorkflow workflow)
{
    public const string Name = "ScanTimer";

    [Function(Name)]
    public Task RunAsync(
        [TimerTrigger("%ScanSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        workflow.TickAsync(client, cancellationToken);
}
