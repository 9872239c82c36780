using KubeWise.Application.Workflows;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Triggers;

/// <summary>
/// AI-proposed PromQL on a schedule: the app setting <c>QueryProposalSchedule</c> (NCRONTAB, hourly in
/// local.settings.sample.json). Asks nothing unless <c>Gemini:QueryProposals:Enabled</c> is on and a model is configured.
/// </summary>
public sealed class QueryProposalTimerFunction(QueryProposalWorkflow workflow)
{
    public const string Name = "QueryProposalTimer";

    [Function(Name)]
    public Task RunAsync(
        [TimerTrigger("%QueryProposalSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        workflow.RunAsync(cancellationToken);
}
