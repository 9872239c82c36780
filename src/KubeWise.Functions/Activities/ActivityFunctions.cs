using KubeWise.Application.Activities;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Training;
using KubeWise.Core.Scanning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Activities;

/// <summary>
/// The Functions entry points of the activities: each resolves its class-based <see cref="TaskActivity{TInput,TOutput}"/>
/// from DI and runs it, so the Functions host and the in-process test host run the same code under the same names.
/// </summary>
public sealed class ActivityFunctions(IServiceProvider services)
{
    [Function(nameof(AnalyzeIncidentActivity))]
    public Task<AnalysisStep> AnalyzeIncident([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        RunAsync<AnalyzeIncidentActivity, IncidentRef, AnalysisStep>(input, context);

    [Function(nameof(RecordStageActivity))]
    public Task<bool> RecordStage([ActivityTrigger] StageRecord input, FunctionContext context) =>
        RunAsync<RecordStageActivity, StageRecord, bool>(input, context);

    [Function(nameof(RecordNoteActivity))]
    public Task<bool> RecordNote([ActivityTrigger] EventNote input, FunctionContext context) =>
        RunAsync<RecordNoteActivity, EventNote, bool>(input, context);

    [Function(nameof(SettleApprovalActivity))]
    public Task<ApprovalEvent?> SettleApproval([ActivityTrigger] ApprovalExpiry input, FunctionContext context) =>
        RunAsync<SettleApprovalActivity, ApprovalExpiry, ApprovalEvent?>(input, context);

    [Function(nameof(CheckRemediationModeActivity))]
    public Task<ModeCheck> CheckRemediationMode([ActivityTrigger] IncidentRef input, FunctionContext context) =>
        RunAsync<CheckRemediationModeActivity, IncidentRef, ModeCheck>(input, context);

    [Function(nameof(RevalidateCommandActivity))]
    public Task<RevalidationStep> RevalidateCommand([ActivityTrigger] RevalidateCommand input, FunctionContext context) =>
        RunAsync<RevalidateCommandActivity, RevalidateCommand, RevalidationStep>(input, context);

    [Function(nameof(ExecuteCommandActivity))]
    public Task<ExecutionStep> ExecuteCommand([ActivityTrigger] ExecuteCommand input, FunctionContext context) =>
        RunAsync<ExecuteCommandActivity, ExecuteCommand, ExecutionStep>(input, context);

    [Function(nameof(VerifyRemediationActivity))]
    public Task<VerificationStep> VerifyRemediation([ActivityTrigger] VerifyRemediation input, FunctionContext context) =>
        RunAsync<VerifyRemediationActivity, VerifyRemediation, VerificationStep>(input, context);

    [Function(nameof(RollbackRemediationActivity))]
    public Task<RollbackStep> RollbackRemediation([ActivityTrigger] RollBackRemediation input, FunctionContext context) =>
        RunAsync<RollbackRemediationActivity, RollBackRemediation, RollbackStep>(input, context);

    [Function(nameof(TrainModelsActivity))]
    public Task<ModelTrainingReport> TrainModels([ActivityTrigger] ModelTrainingRequest input, FunctionContext context) =>
        RunAsync<TrainModelsActivity, ModelTrainingRequest, ModelTrainingReport>(input, context);

    private Task<TOut> RunAsync<TActivity, TIn, TOut>(TIn input, FunctionContext context)
        where TActivity : TaskActivity<TIn, TOut>
    {
        ArgumentNullException.ThrowIfNull(context);
        var instanceId = context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        var activity = services.GetRequiredService<TActivity>();
        return activity.RunAsync(new FunctionActivityContext(typeof(TActivity).Name, instanceId), input);
    }

    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
