using System.Diagnostics;
using System.Diagnostics.Metrics;
using KubeWise.Application.Orchestrations;
using KubeWise.Application.Telemetry;
using KubeWise.Core.Telemetry;
using KubeWise.Functions.Tests.Orchestrations;
using KubeWise.Testing.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace KubeWise.Functions.Tests.Telemetry;

/// <summary>
/// KubeWise's meter is process-wide: these tests run alone (no other test records into it meanwhile), so what they
/// see is exactly what their incident did.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "KubeWise telemetry";
}

/// <summary>
/// One incident through the real orchestration and activities in the in-process Durable host: the counters move by
/// exactly what happened although the orchestrator replays its history at every step, and the spans of the incident
/// reach an exporter as one trace.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class IncidentTelemetryTests(PrometheusLiveFixture prometheus) : IClassFixture<PrometheusLiveFixture>
{
    private static readonly object Restart = new { operation = "restart_deployment", name = WorkflowHarness.Deployment, ns = WorkflowHarness.Namespace, rationale = "Clear the crash loop." };

    [Fact]
    public async Task ApprovedIncident_CountersMoveOncePerStep_AndItsSpansFormOneTrace()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. TelemetryServiceCollectionExtensions.TraceSources])
            .AddInMemoryExporter(spans)
            .Build();
        using var measurements = new Measurements();

        ClusterMetrics.Serve(prometheus.Exporter, crashLooping: true);
        await using var h = await WorkflowHarness.StartAsync(prometheus.Url, "MANUAL");
        h.AddCluster();
        await prometheus.WaitForScrapesAsync();
        h.AnswerAnalysis(Restart);
        var id = await h.StartIncidentAsync();
        var waiting = await h.WaitForStageAsync(id, RemediationStage.AwaitingApproval);
        h.Kube.BeforeNext(r => r.Resource == "deployments" && r.Verb is "patch" or "update" && !r.DryRun, () => ClusterMetrics.Heal(prometheus.Exporter));
        await h.ApproveAsync(id, waiting, "alice");
        Assert.Equal(RemediationStage.Resolved, (await h.WaitForOutcomeAsync(id)).Stage);
        tracing.ForceFlush();

        // The orchestrator ran once per step it awaited (a replay each time); every counter moved once per activity run.
        Assert.Equal(1, h.Activities.Started(id, "ExecuteCommandActivity"));
        Assert.Equal(1, measurements.Sum("kubewise.remediations", ("operation", "restart_deployment"), ("outcome", "applied")));
        Assert.Equal(1, measurements.Sum("kubewise.remediations"));
        Assert.Equal(1, measurements.Sum("kubewise.verifications", ("result", "resolved")));
        Assert.Equal(1, measurements.Sum("kubewise.model.calls", ("purpose", "analysis"), ("analyzer", "gemini")));
        Assert.Equal(0, measurements.Sum("kubewise.model.fallbacks"));
        Assert.Equal(1, measurements.Count("kubewise.approval.wait", ("decision", "approved")));
        Assert.Equal(0, measurements.Sum("kubewise.rollbacks"));
        var anomaly = await h.EventAsync(id);
        var tokens = anomaly.Analyzer!;
        Assert.Equal(tokens.PromptTokens, measurements.Sum("kubewise.model.tokens", ("kind", "prompt")));
        Assert.Equal(tokens.CompletionTokens, measurements.Sum("kubewise.model.tokens", ("kind", "completion")));

        // Analysis, execution and verification of this incident: one trace, each under the Durable Task SDK's span of
        // the activity that ran it, and those under the orchestration's.
        var ours = spans.Where(s => s.Source.Name == KubeWiseTelemetry.Name && !s.OperationName.StartsWith("kubewise.store.", StringComparison.Ordinal) && Equals(s.GetTagItem("kubewise.anomaly_id"), anomaly.AnomalyId)).ToList();
        Assert.Equal(["kubewise.analyze", "kubewise.execute", "kubewise.verify"], ours.Select(s => s.OperationName).Order(StringComparer.Ordinal));
        var trace = Assert.Single(ours.Select(s => s.TraceId).Distinct());
        foreach (var span in ours)
        {
            var parent = Assert.Single(spans, s => s.SpanId == span.ParentSpanId);
            Assert.Equal("Microsoft.DurableTask", parent.Source.Name);
            Assert.StartsWith("activity:", parent.OperationName, StringComparison.Ordinal);
            Assert.Equal(trace, parent.TraceId);
        }

        // The outbound calls a step makes are its children: the execution's dry run and write to the API server.
        var execute = ours.Single(s => s.OperationName == "kubewise.execute");
        var calls = spans.Where(s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == execute.SpanId).ToList();
        Assert.Contains(calls, c => Equals(c.GetTagItem("http.request.method"), "PATCH"));
        Assert.All(calls, c => Assert.Equal(trace, c.TraceId));

        // And its store calls: the attempt recorded on the event.
        var stored = spans.Where(s => s.Source.Name == KubeWiseTelemetry.Name && s.ParentSpanId == execute.SpanId && s.OperationName.StartsWith("kubewise.store.", StringComparison.Ordinal)).ToList();
        Assert.Contains(stored, s => s.OperationName == "kubewise.store.apply" && Equals(s.GetTagItem("db.system"), "litedb") && Equals(s.GetTagItem("kubewise.anomaly_id"), anomaly.AnomalyId));
    }

    /// <summary>Every measurement of KubeWise's instruments while it lives.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _seen = [];

        public Measurements()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == KubeWiseTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count;

        public void Dispose() => _listener.Dispose();

        private List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags)
        {
            lock (_seen)
            {
                return [.. _seen.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value))))];
            }
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = tags.ToArray();
            lock (_seen)
            {
                _seen.Add((instrument.Name, value, copy));
            }
        }
    }
}
