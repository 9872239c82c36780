using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Application.Api;

/// <summary>One call of an operation as a generic host makes it: its services, the request and the route's <c>id</c>.</summary>
public sealed record ApiCall(IServiceProvider Services, ApiRequest Request, string? Id, CancellationToken CancellationToken)
{
    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The Durable client from the host's services (the Functions app binds its own per call instead).</summary>
    public DurableTaskClient Durable => Get<DurableTaskClient>();
}

/// <summary>One operation of the <c>/api/v1</c> API as hosts map it and the OpenAPI document describes it.</summary>
/// <param name="Name">The operation id, and the Functions app's function name.</param>
/// <param name="Route">The route below the host prefix, from <see cref="Routes"/>.</param>
/// <param name="Method">The HTTP method, lower case.</param>
public sealed record ApiOperation(string Name, string Route, string Method, string Summary)
{
    /// <summary>Runs the operation's handler: how a host that maps the whole table (e.g. <c>kubewise run</c>) calls it.</summary>
    public required Func<ApiCall, Task<ApiReply>> Handle { get; init; }

    /// <summary>Callable without a function key (health, and the dashboard's page shell, script and style, which hold no data).</summary>
    public bool Anonymous { get; init; }

    /// <summary>The optional query parameters it reads.</summary>
    public IReadOnlyList<string> Query { get; init; } = [];

    /// <summary>The request body record, if it reads one.</summary>
    public Type? Request { get; init; }

    /// <summary>Whether the body must be sent (approve and reject take an empty one).</summary>
    public bool RequestRequired { get; init; }

    /// <summary>The success answers with their body records.</summary>
    public IReadOnlyList<ApiSuccess> Responses { get; init; } = [];

    /// <summary>The error statuses particular to it; 401 (keyed operations) and 400/413/415 (bodies) are added.</summary>
    public IReadOnlyList<int> Errors { get; init; } = [];

    /// <summary>The path a client calls, e.g. <c>/api/v1/remediation/events/{id}</c>.</summary>
    public string Path => Routes.Public(Route);

    /// <summary>Every error status it can answer, in order.</summary>
    public IEnumerable<int> AllErrors =>
        Errors.Concat(Anonymous ? [] : [401]).Concat(Request is null ? [] : [400, 413, 415]).Distinct().Order();
}

/// <summary>A success answer: its status, body record and media type.</summary>
public sealed record ApiSuccess(int Status, Type Body, string Description, string MediaType = "application/json");

/// <summary>The API's operations, in one table: hosts map them, the OpenAPI document is generated from them.</summary>
public static class ApiOperations
{
    public const string ListEvents = "ListEvents";
    public const string GetEvent = "GetEvent";
    public const string GetEventSent = "GetEventSent";
    public const string ApproveEvent = "ApproveEvent";
    public const string RejectEvent = "RejectEvent";
    public const string RemediateEvent = "RemediateEvent";
    public const string AnalyzeAnomaly = "AnalyzeAnomaly";
    public const string ListCommands = "ListCommands";
    public const string GetMode = "GetMode";
    public const string SetMode = "SetMode";
    public const string GetConfig = "GetConfig";
    public const string GetMetrics = "GetMetrics";
    public const string GetMetricQueries = "GetMetricQueries";
    public const string GetModelInfo = "GetModelInfo";
    public const string TrainModel = "TrainModel";
    public const string Health = "Health";
    public const string OpenApiDocument = "OpenApiDocument";
    public const string ApiDocs = "ApiDocs";
    public const string GetEventSeries = "GetEventSeries";
    public const string Dashboard = "Dashboard";
    public const string DashboardScript = "DashboardScript";
    public const string DashboardStyle = "DashboardStyle";

    private const string Get = "get";
    private const string Post = "post";

    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new(Health, Routes.Health, Get, "System health and the status of each component")
        {
            Handle = c => Reply(c.Get<HealthHandler>().CheckAsync(c.CancellationToken)),
            Anonymous = true,
            Responses = [Ok<HealthReply>("Each component's status; status is degraded when one is unhealthy.")],
        },
        new(GetMode, Routes.SetupMode, Get, "The remediation mode in force (AUTO or MANUAL) and who set it")
        {
            Handle = c => Reply(c.Get<SetupHandler>().GetModeAsync(c.CancellationToken)),
            Responses = [Ok<KubeWise.Core.Events.RemediationModeSetting>("The mode in force.")],
            Errors = [503],
        },
        new(SetMode, Routes.SetupMode, Post, "Set the remediation mode; MANUAL brakes every running remediation before its next step")
        {
            Handle = c => Reply(c.Get<SetupHandler>().SetModeAsync(c.Request, c.CancellationToken)),
            Request = typeof(ModeRequest),
            RequestRequired = true,
            Responses = [Ok<KubeWise.Core.Events.RemediationModeSetting>("The mode now in force.")],
            Errors = [503],
        },
        new(GetConfig, Routes.SetupConfig, Get, "Every seed setting's effective value (secrets masked)")
        {
            Handle = c => Reply(c.Get<SetupHandler>().GetConfig()),
            Responses = [Ok<ConfigReply>("Settings by the seed's names.")],
        },
        new(GetMetrics, Routes.Metrics, Get, "Current metrics from Prometheus, grouped by entity, over the detection window")
        {
            Handle = c => Reply(c.Get<MetricsHandler>().GetMetricsAsync(c.CancellationToken)),
            Responses = [Ok<MetricsReply>("Series by entity; queries Prometheus refused are listed in errors.")],
        },
        new(GetMetricQueries, Routes.MetricsQueries, Get,
            "The PromQL query catalog with each query's origin (default, configured, ai) and whether its metrics exist; configured and AI-proposed queries that were refused, with the reasons")
        {
            Handle = c => Reply(c.Get<MetricsHandler>().GetQueriesAsync(c.CancellationToken)),
            Responses = [Ok<QueriesReply>("The catalog.")],
        },
        new(GetModelInfo, Routes.ModelInfo, Get, "The anomaly models (one isolation forest per entity type): whether each is trained, its size and the threshold; the latest training run")
        {
            Handle = c => Reply(c.Get<MetricsHandler>().GetModelInfoAsync(c.Durable, c.CancellationToken)),
            Responses = [Ok<ModelInfoReply>("One entry per entity type.")],
        },
        new(TrainModel, Routes.ModelTrain, Post,
            "Start training, from Prometheus history, the model of every entity type that has none; with force (or entity_types) retrain existing models too. Runs in the background; a second request while it runs joins it")
        {
            Handle = c => Reply(c.Get<MetricsHandler>().TrainAsync(c.Request, c.Durable, c.CancellationToken)),
            Request = typeof(TrainRequest),
            Responses = [new(202, typeof(TrainAccepted), "Started, or already running; follow it at Location (training of model/info).")],
            Errors = [503],
        },
        new(ListEvents, Routes.Events, Get, "List anomaly events, newest first, with optional filters and paging")
        {
            Handle = c => Reply(c.Get<EventsHandler>().ListAsync(c.Request, c.CancellationToken)),
            Query = EventsHandler.ListQuery,
            Responses = [Ok<EventList>("A page of events.")],
            Errors = [400, 503],
        },
        new(GetEvent, Routes.Event, Get, "One anomaly event with its analysis, decisions, attempts, verification and audit trail")
        {
            Handle = c => Reply(c.Get<EventsHandler>().GetAsync(c.Id, c.CancellationToken)),
            Responses = [Ok<KubeWise.Core.Events.AnomalyEvent>("The event.")],
            Errors = [404, 503],
        },
        new(GetEventSeries, Routes.EventSeries, Get, "The metric windows stored with the event (at detection and at verification), with the baseline band and the moments of detection, fix and verification")
        {
            Handle = c => Reply(c.Get<EventsHandler>().GetSeriesAsync(c.Id, c.CancellationToken)),
            Responses = [Ok<SeriesReply>("The stored windows; detection is null for events stored before windows were kept.")],
            Errors = [404, 503],
        },
        new(GetEventSent, Routes.EventSent, Get, "What was sent to the model for this event and what it answered: each request's bytes as sent (credentials removed) and the raw answer")
        {
            Handle = c => Reply(c.Get<EventsHandler>().SentAsync(c.Id, c.CancellationToken)),
            Responses = [Ok<EventSent>("The event's model exchanges, oldest first (empty when no model was asked).")],
            Errors = [404, 503],
        },
        new(AnalyzeAnomaly, Routes.Analyze, Post, "Analyze a stored anomaly again (root cause, severity, commands); the event is not changed")
        {
            Handle = c => Reply(c.Get<AnalyzeHandler>().AnalyzeAsync(c.Id, c.CancellationToken)),
            Responses = [Ok<AnalysisReply>("The analyzer's opinion.")],
            Errors = [404, 503],
        },
        new(ListCommands, Routes.Commands, Get, "The remediation commands KubeWise can run, with their parameters and examples")
        {
            Handle = c => Reply(c.Get<CommandsHandler>().List()),
            Responses = [Ok<CommandList>("The closed catalog.")],
        },
        new(RemediateEvent, Routes.Remediate, Post, "Execute one suggested command (approves it through the workflow and waits for the result)")
        {
            Handle = c => Reply(c.Get<ApprovalHandler>().RemediateAsync(c.Request, c.Durable, c.Id, c.CancellationToken)),
            Request = typeof(RemediateRequest),
            RequestRequired = true,
            Responses =
            [
                Ok<RemediateReply>("The command ran (status success or failed), or the workflow ended without running it."),
                new(202, typeof(RemediateAccepted), "Approved and queued; poll the event at Location for the result."),
            ],
            Errors = [404, 409, 503],
        },
        new(ApproveEvent, Routes.Approve, Post, "Approve the suggested fix (or a subset of its commands)")
        {
            Handle = c => Reply(c.Get<ApprovalHandler>().ApproveAsync(c.Request, c.Durable, c.Id, c.CancellationToken)),
            Request = typeof(DecisionRequest),
            Responses = [Ok<DecisionReply>("The workflow recorded the decision."), new(202, typeof(DecisionReply), "Delivered; the workflow records it shortly (poll the event at Location).")],
            Errors = [404, 409, 503],
        },
        new(RejectEvent, Routes.Reject, Post, "Reject the suggested fix; nothing is applied")
        {
            Handle = c => Reply(c.Get<ApprovalHandler>().RejectAsync(c.Request, c.Durable, c.Id, c.CancellationToken)),
            Request = typeof(DecisionRequest),
            Responses = [Ok<DecisionReply>("The workflow recorded the decision."), new(202, typeof(DecisionReply), "Delivered; the workflow records it shortly (poll the event at Location).")],
            Errors = [404, 409, 503],
        },
        new(OpenApiDocument, Routes.OpenApi, Get, "This OpenAPI 3.1 document")
        {
            Handle = c => Reply(c.Get<DocsHandler>().GetDocument()),
            Responses = [new(200, typeof(ApiContent), "The document.")],
        },
        new(ApiDocs, Routes.Docs, Get, "Interactive API documentation (HTML)")
        {
            Handle = c => Reply(c.Get<DocsHandler>().GetDocs()),
            Responses = [new(200, typeof(ApiContent), "A self-contained page.", "text/html")],
        },
        new(Dashboard, Routes.Dashboard, Get, "The incidents dashboard (HTML page shell; its data calls need the function key)")
        {
            Handle = c => Reply(c.Get<DashboardHandler>().Page()),
            Anonymous = true,
            Responses = [new(200, typeof(ApiContent), "The page, served with a Content-Security-Policy that allows no inline script.", "text/html")],
        },
        new(DashboardScript, Routes.DashboardScript, Get, "The dashboard's script")
        {
            Handle = c => Reply(c.Get<DashboardHandler>().Script()),
            Anonymous = true,
            Responses = [new(200, typeof(ApiContent), "JavaScript.", "text/javascript")],
        },
        new(DashboardStyle, Routes.DashboardStyle, Get, "The dashboard's style sheet")
        {
            Handle = c => Reply(c.Get<DashboardHandler>().Style()),
            Anonymous = true,
            Responses = [new(200, typeof(ApiContent), "CSS.", "text/css")],
        },
    ];

    private static ApiSuccess Ok<T>(string description) => new(200, typeof(T), description);

    private static Task<ApiReply> Reply(ApiReply reply) => Task.FromResult(reply);

    private static async Task<ApiReply> Reply<TReply>(Task<TReply> reply)
        where TReply : ApiReply => await reply.ConfigureAwait(false);
}
