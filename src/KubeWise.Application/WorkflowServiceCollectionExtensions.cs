using KubeWise.Application.Workflows;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Training;
using KubeWise.Core.Configuration;
using KubeWise.Core.Incidents;
using KubeWise.Core.Investigation;
using KubeWise.Core.Remediation.Execution;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KubeWise.Application;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// The remediation workflow: incident tracking, the timer's scan workflow, the workflow options and every activity
    /// of <see cref="WorkflowTasks"/>. Needs <c>AddKubeWiseCore</c>. Every host calls it: the Functions app, the tests
    /// (with the in-process Durable host) and any other host that registers <see cref="WorkflowTasks"/> with its worker.
    /// </summary>
    public static IServiceCollection AddKubeWiseWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddKubeWiseIncidents(configuration);
        services.AddValidatedOptions<RemediationWorkflowOptions>(configuration, RemediationWorkflowOptions.SectionName);
        services.TryAddSingleton<IncidentBookStore>();
        services.TryAddSingleton<ScanWorkflow>();
        services.TryAddSingleton<DecisionReconciler>();
        services.TryAddSingleton<StoreOutageRecovery>();
        services.TryAddTransient<QueryProposalWorkflow>();
        services.TryAddSingleton<RecentActionsReader>();
        services.TryAddSingleton<LimitReservations>();
        services.TryAddSingleton<ExecutionGate>();
        services.TryAddSingleton<IncidentFactsReader>();
        services.TryAddSingleton<ModelTrainingStarter>();
        foreach (var activity in WorkflowTasks.Activities)
        {
            services.TryAddTransient(activity.Type);
        }

        return services;
    }
}
