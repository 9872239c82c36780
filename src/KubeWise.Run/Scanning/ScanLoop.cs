using KubeWise.Application.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Scanning;

/// <summary>
/// The scan timer of <c>kubewise run</c>: on the <c>ScanSchedule</c> app setting, the same <see cref="ScanWorkflow"/>
/// tick the Functions timer trigger runs, one tick at a time; a missed occurrence is skipped, as the Functions timer
/// does. Only the holder of the scan lease ticks, so two processes on one store do not scan twice. A tick that throws
/// is logged and the next one runs.
/// </summary>
internal sealed class ScanLoop(
    IServiceProvider services,
    DurableTaskClient client,
    ScanLease lease,
    ScanControl control,
    IOptions<ScheduleOptions> schedules,
    TimeProvider time,
    ILogger<ScanLoop> logger) : BackgroundService
{
    private long _ticks;

    /// <summary>True while the loop runs (ticking or standing by for the lease).</summary>
    public bool Running { get; private set; }

    /// <summary>Ticks run by this process since it started, failed ones included.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = TimerSchedule.Parse(ScheduleOptions.ScanKey, schedules.Value.ScanSchedule);
        var workflow = services.GetRequiredService<ScanWorkflow>();
        Running = true;
        RunLog.ScanLoopStarted(logger, schedule.Expression, lease.Holder);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // An embedder that paused the loop (ScanControl) gets a tick at once when it resumes it.
                if (!await control.WaitResumedAsync(stoppingToken).ConfigureAwait(false))
                {
                    var now = time.GetUtcNow();
                    var delay = control.Interval ?? schedule.Next(now) - now;
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }

                if (!control.TryBeginTick())
                {
                    continue;
                }

                try
                {
                    await TickAsync(workflow, stoppingToken).ConfigureAwait(false);
                }
                finally
                {
                    control.EndTick();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            Running = false;
            await lease.ReleaseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One tick as the lease holder; a standby does nothing.</summary>
    private async Task TickAsync(ScanWorkflow workflow, CancellationToken stoppingToken)
    {
        if (!await lease.TryHoldAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewWhileTickingAsync(renewing.Token);
        try
        {
            await workflow.TickAsync(client, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            RunLog.TickFailed(logger, e.GetType().Name, e.Message, e);
        }
        finally
        {
            Interlocked.Increment(ref _ticks);
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
    }

    /// <summary>A tick that trains a model can outlast the lease; renewing keeps a standby from scanning beside it.</summary>
    private async Task RenewWhileTickingAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease.RenewInterval, time, ct).ConfigureAwait(false);
                await lease.TryHoldAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The tick ended.
        }
    }
}
