using KubeWise.Application.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Run.Scanning;

/// <summary>
/// The query-proposal timer: on <c>QueryProposalSchedule</c>, the same <see cref="QueryProposalWorkflow"/> round the
/// Functions timer runs (it asks nothing unless AI query proposals are enabled). Only the scan-lease holder runs it.
/// </summary>
internal sealed class ProposalLoop(
    IServiceProvider services,
    ScanLease lease,
    IOptions<ScheduleOptions> schedules,
    TimeProvider time,
    ILogger<ProposalLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = TimerSchedule.Parse(ScheduleOptions.ProposalKey, schedules.Value.QueryProposalSchedule);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow();
                await Task.Delay(schedule.Next(now) - now, time, stoppingToken).ConfigureAwait(false);
                if (!lease.Held)
                {
                    continue;
                }

                try
                {
                    // Transient: the workflow holds per-round state.
                    await services.GetRequiredService<QueryProposalWorkflow>().RunAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    RunLog.ProposalRoundFailed(logger, e.GetType().Name, e.Message, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
