using KubeWise.Core.Configuration;
using KubeWise.Core.Incidents;
using KubeWise.Functions.Activities;
using KubeWise.Functions.Orchestrations;
using KubeWise.Functions.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Functions.Hosting;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The remediation workflow: incident tracking, the timer's scan workflow, the workflow options and every activity.
    /// Needs <c>AddKubeWiseCore</c>. The Functions app and the tests (with the in-process Durable host) both call it.
    /// </summary>
    public static IServiceCollection AddKubeWiseWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKubeWiseIncidents(configuration);
        services.AddValidatedOptions<RemediationWorkflowOptions>(configuration, RemediationWorkflowOptions.SectionName);
        services.TryAddSingleton<IncidentBookStore>();
        services.TryAddSingleton<ScanWorkflow>();
        services.TryAddTransient<QueryProposalWorkflow>();
        services.TryAddSingleton<RecentActionsReader>();
        services.TryAddSingleton<ExecutionGate>();
        services.TryAddSingleton<IncidentFactsReader>();
        foreach (var activity in Activities)
        {
            services.TryAddTransient(activity);
        }

        return services;
    }

    /// <summary>Every activity of <see cref="RemediationOrchestrator"/>; the test host registers the same list.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(AnalyzeIncidentActivity),
        typeof(RecordStageActivity),
        typeof(RecordNoteActivity),
        typeof(CheckRemediationModeActivity),
        typeof(RevalidateCommandActivity),
        typeof(ExecuteCommandActivity),
        typeof(VerifyRemediationActivity),
        typeof(RollbackRemediationActivity),
    ];
}
