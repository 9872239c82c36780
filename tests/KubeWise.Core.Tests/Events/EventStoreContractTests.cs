using KubeWise.Core.Events;
using KubeWise.Core.Remediation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Events;

/// <summary>
/// The one contract every event store keeps. Each store runs it through a subclass
/// (<see cref="LiteDbEventStoreContractTests"/>, <see cref="MongoEventStoreContractTests"/>).
/// </summary>
public abstract class EventStoreContractTests : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(EventSamples.Start.AddMinutes(1));

    protected IEventStore Store { get; private set; } = null!;

    protected ISharedStateStore Shared { get; private set; } = null!;

    public async Task InitializeAsync() => (Store, Shared) = await OpenAsync();

    public Task DisposeAsync() => CloseAsync();

    protected abstract Task<(IEventStore Events, ISharedStateStore Shared)> OpenAsync();

    protected abstract Task CloseAsync();

    [Fact]
    public async Task Create_NewEvent_StoredAsDetectedWithEveryFieldIntact()
    {
        var anomaly = EventSamples.Detected();

        var result = await Store.CreateAsync(anomaly);
        var stored = await Store.GetAsync(anomaly.AnomalyId);

        Assert.True(result.Created);
        Assert.NotNull(stored);
        Assert.Equal(AnomalyStatus.Detected, stored.Status);
        Assert.Equal(0, stored.Version);
        Assert.Equal(Time.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal(anomaly.DetectionTimestamp, stored.DetectionTimestamp);
        Assert.Equal(-0.351234567890123, stored.AnomalyScore);
        Assert.Equal("nginx", stored.MetricsSnapshot[0].Labels["app.kubernetes.io/name"]);
        Assert.Equal(anomaly.MetricsSnapshot[0].Values, stored.MetricsSnapshot[0].Values);
        Assert.Equal(anomaly.Evidence, stored.Evidence);
        var audit = Assert.Single(stored.AuditTrail);
        Assert.Equal("detected", audit.Action);
        Assert.Equal(EventJson.Serialize(result.Event), EventJson.Serialize(stored));
    }

    [Fact]
    public async Task Create_RetriedWithSameId_ReturnsTheFirstEventUnchanged()
    {
        var first = EventSamples.Detected(score: -0.4);
        await Store.CreateAsync(first);
        Time.Advance(TimeSpan.FromSeconds(30));

        var retry = await Store.CreateAsync(first with { AnomalyScore = -0.9, EntityId = "other" });

        Assert.False(retry.Created);
        Assert.Equal(-0.4, retry.Event.AnomalyScore);
        Assert.Equal("nginx", retry.Event.EntityId);
        Assert.Equal(1, (await Store.ListAsync(new EventQuery())).Total);
    }

    [Fact]
    public async Task Create_TenParallelCreatesOfOneId_StoreOneEvent()
    {
        var anomaly = EventSamples.Detected();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Store.CreateAsync(anomaly))));

        Assert.Single(results, r => r.Created);
        Assert.Equal(1, (await Store.ListAsync(new EventQuery())).Total);
    }

    [Fact]
    public async Task Create_UppercaseId_IsStoredAndFoundInCanonicalForm()
    {
        var id = AnomalyId.New();
        await Store.CreateAsync(EventSamples.Detected(id: id.ToUpperInvariant()));

        Assert.NotNull(await Store.GetAsync(id));
        Assert.NotNull(await Store.GetAsync(id.ToUpperInvariant()));
    }

    [Theory]
    [InlineData("f82b4a7e-1c2d-4e5f-6g7h-8i9j0k1l2m3n")]
    [InlineData("")]
    [InlineData("{\"$ne\": null}")]
    public async Task Get_MalformedId_ThrowsArgumentExceptionNamingTheField(string id)
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(id));
        Assert.Contains("anomaly_id must be a UUID", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(AnomalyId.New()));
    }

    [Fact]
    public async Task Apply_LegalTransition_MovesStatusBumpsVersionAndAppendsAudit()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;
        Time.Advance(TimeSpan.FromSeconds(5));

        var moved = await Store.ApplyAsync(new EventChange
        {
            AnomalyId = anomaly.AnomalyId,
            ExpectedStatus = AnomalyStatus.Detected,
            ExpectedVersion = 0,
            NewStatus = AnomalyStatus.Analyzing,
            Actor = "orchestrator",
            OrchestrationInstanceId = "incident-" + anomaly.AnomalyId,
        });
        var stored = await Store.GetAsync(anomaly.AnomalyId);

        Assert.Equal(AnomalyStatus.Analyzing, stored!.Status);
        Assert.Equal(1, stored.Version);
        Assert.Equal("incident-" + anomaly.AnomalyId, stored.OrchestrationInstanceId);
        Assert.Equal(Time.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal(2, stored.AuditTrail.Count);
        Assert.Equal(anomaly.AuditTrail[0], stored.AuditTrail[0]);
        var entry = stored.AuditTrail[1];
        Assert.Equal((AnomalyStatus.Detected, AnomalyStatus.Analyzing, "orchestrator", 1L), (entry.FromStatus, entry.ToStatus, entry.Actor, entry.Version));
        Assert.Equal(EventJson.Serialize(moved), EventJson.Serialize(stored));
    }

    [Fact]
    public async Task Apply_IllegalTransition_IsRefusedAndNothingIsWritten()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;

        var ex = await Assert.ThrowsAsync<InvalidStatusTransitionException>(() => Store.ApplyAsync(new EventChange
        {
            AnomalyId = anomaly.AnomalyId,
            ExpectedStatus = AnomalyStatus.Detected,
            ExpectedVersion = 0,
            NewStatus = AnomalyStatus.Approved,
            Actor = "alice",
            Decision = new ApprovalDecision { Decision = ApprovalKind.Approved, By = "alice", At = Time.GetUtcNow() },
        }));

        Assert.Contains("cannot move from Detected to Approved", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
        Assert.Equal(EventJson.Serialize(anomaly), EventJson.Serialize(await Store.GetAsync(anomaly.AnomalyId)));
    }

    [Fact]
    public async Task Apply_StaleVersion_ThrowsConflictAndKeepsTheWinnersChange()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;
        var toAnalyzing = new EventChange { AnomalyId = anomaly.AnomalyId, ExpectedStatus = AnomalyStatus.Detected, ExpectedVersion = 0, NewStatus = AnomalyStatus.Analyzing, Actor = "first" };
        var winner = await Store.ApplyAsync(toAnalyzing);

        var ex = await Assert.ThrowsAsync<EventConflictException>(() => Store.ApplyAsync(toAnalyzing with { NewStatus = AnomalyStatus.Resolved, Actor = "second" }));

        Assert.Equal((AnomalyStatus.Analyzing, 1L), (ex.ActualStatus, ex.ActualVersion));
        Assert.Equal(EventJson.Serialize(winner), EventJson.Serialize(await Store.GetAsync(anomaly.AnomalyId)));
    }

    [Fact]
    public async Task Apply_TwentyParallelWriters_ExactlyOneWins()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;
        var start = new TaskCompletionSource();

        var writers = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Store.ApplyAsync(new EventChange
                {
                    AnomalyId = anomaly.AnomalyId,
                    ExpectedStatus = AnomalyStatus.Detected,
                    ExpectedVersion = 0,
                    NewStatus = i % 2 == 0 ? AnomalyStatus.Analyzing : AnomalyStatus.Resolved,
                    Actor = $"writer-{i}",
                });
                return $"writer-{i}";
            }
            catch (EventConflictException)
            {
                return null;
            }
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(writers);

        var winner = Assert.Single(outcomes, o => o is not null);
        var stored = await Store.GetAsync(anomaly.AnomalyId);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(2, stored.AuditTrail.Count);
        Assert.Equal(winner, stored.AuditTrail[1].Actor);
    }

    [Fact]
    public async Task Apply_UnknownEvent_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<EventNotFoundException>(() => Store.ApplyAsync(new EventChange
        {
            AnomalyId = AnomalyId.New(),
            ExpectedStatus = AnomalyStatus.Detected,
            ExpectedVersion = 0,
            NewStatus = AnomalyStatus.Analyzing,
            Actor = "worker",
        }));
    }

    [Fact]
    public async Task Apply_FullFailedRemediation_KeepsApprovalAttemptsVerificationRollbackAndAudit()
    {
        var anomaly = (await Store.CreateAsync(EventSamples.Detected())).Event;
        var id = anomaly.AnomalyId;
        string[] commands = ["restart_deployment name=nginx ns=default", "scale_deployment name=nginx ns=default replicas=3"];
        var current = anomaly;

        async Task Step(EventChange change)
        {
            Time.Advance(TimeSpan.FromSeconds(10));
            current = await Store.ApplyAsync(change with { AnomalyId = id, ExpectedStatus = current.Status, ExpectedVersion = current.Version });
        }

        await Step(new EventChange { AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator" });
        await Step(new EventChange
        {
            AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.AwaitingApproval, Actor = "orchestrator",
            Analysis = new AiAnalysis { RootCause = "Memory pressure on deployment pods", Severity = "MEDIUM", Description = "OOM kills every 4 min" },
            Analyzer = new AnalyzerInfo { Name = "gemini", Model = "gemini-2.5-flash", PromptTokens = 812, CompletionTokens = 190, TotalTokens = 1002 },
            SuggestedCommands = commands,
        });
        await Step(new EventChange
        {
            AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.Approved, Actor = "alice", Comment = "go",
            Decision = new ApprovalDecision { Decision = ApprovalKind.Approved, By = "alice", At = Time.GetUtcNow(), Comment = "go", Commands = [commands[0]] },
        });
        await Step(new EventChange
        {
            AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.Remediating, Actor = "orchestrator",
            Attempt = new RemediationAttempt
            {
                Command = commands[0], StartedAt = Time.GetUtcNow(), Status = "failed", ApiStatusCode = 409, ApiStatusReason = "Conflict",
                Error = "the object has been modified", Before = new Dictionary<string, string?> { ["spec.template.metadata.annotations"] = "{}" },
            },
        });
        await Step(new EventChange
        {
            AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, Actor = "orchestrator",
            Attempt = new RemediationAttempt
            {
                Command = commands[0], StartedAt = Time.GetUtcNow(), FinishedAt = Time.GetUtcNow().AddSeconds(1), Status = "success",
                Before = new Dictionary<string, string?> { ["spec.template.metadata.annotations"] = "{}" },
                After = new Dictionary<string, string?> { ["spec.template.metadata.annotations"] = "{\"kubectl.kubernetes.io/restartedAt\":\"2026-11-26T08:02:00Z\"}" },
            },
        });
        await Step(new EventChange { AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.Verifying, Actor = "orchestrator" });
        await Step(new EventChange
        {
            AnomalyId = id, ExpectedStatus = default, ExpectedVersion = 0, NewStatus = AnomalyStatus.RemediationFailed, Actor = "orchestrator",
            Verification = new VerificationResult { VerifiedAt = Time.GetUtcNow(), Success = false, Method = "rules", Summary = "memory still rising", AnomalyScoreAfter = -0.41 },
            Rollback = new RollbackRecord { Outcome = RollbackOutcome.NotReversible, At = Time.GetUtcNow(), Detail = "a restart cannot be undone" },
        });

        var stored = await Store.GetAsync(id);
        Assert.Equal(EventJson.Serialize(current), EventJson.Serialize(stored));
        Assert.Equal(AnomalyStatus.RemediationFailed, stored!.Status);
        Assert.Equal(7, stored.Version);
        Assert.Equal(commands, stored.SuggestedRemediationCommands);
        Assert.Equal("alice", Assert.Single(stored.ApprovalDecisions).By);
        Assert.Equal([409, null], stored.RemediationAttempts.Select(a => a.ApiStatusCode));
        Assert.Equal(RollbackOutcome.NotReversible, stored.Rollback!.Outcome);
        Assert.Equal(1002, stored.Analyzer!.TotalTokens);
        Assert.Equal(Enumerable.Range(0, 8).Select(v => (long)v), stored.AuditTrail.Select(a => a.Version));
        Assert.True(AnomalyStateMachine.IsFinal(stored.Status));
    }

    [Fact]
    public async Task List_Filters_ByStatusNamespaceEntityAndTimeRange()
    {
        var a = (await Store.CreateAsync(EventSamples.Detected(entityId: "nginx", ns: "default", detectedAt: EventSamples.Start))).Event;
        var b = (await Store.CreateAsync(EventSamples.Detected(entityId: "api", ns: "shop", detectedAt: EventSamples.Start.AddMinutes(10)))).Event;
        var c = (await Store.CreateAsync(EventSamples.Detected(entityId: "node-1", entityType: "node", ns: null, detectedAt: EventSamples.Start.AddMinutes(20)))).Event;
        await Store.ApplyAsync(new EventChange { AnomalyId = b.AnomalyId, ExpectedStatus = AnomalyStatus.Detected, ExpectedVersion = 0, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator" });

        async Task<string[]> Ids(EventQuery query) => [.. (await Store.ListAsync(query)).Items.Select(e => e.EntityId)];

        Assert.Equal(["node-1", "api", "nginx"], await Ids(new EventQuery()));
        Assert.Equal(["api"], await Ids(new EventQuery { Statuses = [AnomalyStatus.Analyzing] }));
        Assert.Equal(["node-1", "nginx"], await Ids(new EventQuery { Statuses = [AnomalyStatus.Detected, AnomalyStatus.Resolved] }));
        Assert.Equal(["api"], await Ids(new EventQuery { Namespace = "shop" }));
        Assert.Equal(["node-1"], await Ids(new EventQuery { EntityType = "node" }));
        Assert.Equal(["nginx"], await Ids(new EventQuery { EntityId = "nginx", Namespace = "default" }));
        Assert.Empty(await Ids(new EventQuery { EntityId = "nginx", Namespace = "shop" }));
        Assert.Equal(["api", "nginx"], await Ids(new EventQuery { DetectedTo = EventSamples.Start.AddMinutes(20) }));
        Assert.Equal(["node-1", "api"], await Ids(new EventQuery { DetectedFrom = EventSamples.Start.AddMinutes(10) }));
        Assert.Equal(["api"], await Ids(new EventQuery { DetectedFrom = EventSamples.Start.AddMinutes(5), DetectedTo = EventSamples.Start.AddMinutes(15) }));
        Assert.Equal(a.AnomalyId, (await Store.ListAsync(new EventQuery { EntityId = "nginx" })).Items.Single().AnomalyId);
        Assert.Equal(c.AnomalyId, (await Store.ListAsync(new EventQuery { EntityType = "node" })).Items.Single().AnomalyId);
    }

    [Fact]
    public async Task List_UpdatedFrom_FindsEventsChangedSinceThenHoweverOldTheirDetection()
    {
        // An incident detected long ago that recorded an attempt just now must be found by "changed since".
        var old = (await Store.CreateAsync(EventSamples.Detected(entityId: "old", detectedAt: EventSamples.Start.AddDays(-2)))).Event;
        await Store.CreateAsync(EventSamples.Detected(entityId: "quiet", detectedAt: EventSamples.Start));
        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.CreateAsync(EventSamples.Detected(entityId: "fresh", detectedAt: EventSamples.Start.AddMinutes(10)));
        Time.Advance(TimeSpan.FromMinutes(10));
        await Store.ApplyAsync(new EventChange { AnomalyId = old.AnomalyId, ExpectedStatus = AnomalyStatus.Detected, ExpectedVersion = 0, NewStatus = AnomalyStatus.Analyzing, Actor = "orchestrator" });

        async Task<string[]> Ids(EventQuery query) => [.. (await Store.ListAsync(query)).Items.Select(e => e.EntityId)];

        Assert.Equal(["fresh", "old"], await Ids(new EventQuery { UpdatedFrom = EventSamples.Start.AddMinutes(5) }));
        Assert.Equal(["old"], await Ids(new EventQuery { UpdatedFrom = EventSamples.Start.AddMinutes(15) }));
        Assert.Equal(["old"], await Ids(new EventQuery { UpdatedFrom = EventSamples.Start.AddMinutes(5), Statuses = [AnomalyStatus.Analyzing] }));
        Assert.Equal(["fresh", "quiet", "old"], await Ids(new EventQuery { UpdatedFrom = EventSamples.Start }));
        Assert.Empty(await Ids(new EventQuery { UpdatedFrom = EventSamples.Start.AddMinutes(25) }));
        Assert.Equal(1, (await Store.ListAsync(new EventQuery { UpdatedFrom = EventSamples.Start.AddMinutes(15) })).Total);
    }

    [Fact]
    public async Task List_Pages_NewestFirstWithoutGapsOrRepeats()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            // Two events share each detection time so the anomaly_id tie-break is exercised.
            ids.Add((await Store.CreateAsync(EventSamples.Detected(detectedAt: EventSamples.Start.AddSeconds(i / 2)))).Event.AnomalyId);
        }

        var pages = new List<EventPage>();
        for (var skip = 0; skip < 9; skip += 3)
        {
            pages.Add(await Store.ListAsync(new EventQuery { Skip = skip, Limit = 3 }));
        }

        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        var listed = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(e => e.AnomalyId).Order(StringComparer.Ordinal));
        Assert.Equal(
            listed.OrderByDescending(e => e.DetectionTimestamp).ThenBy(e => e.AnomalyId, StringComparer.Ordinal).Select(e => e.AnomalyId),
            listed.Select(e => e.AnomalyId));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 501)]
    public async Task List_PagingOutOfRange_ThrowsArgumentException(int skip, int limit)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListAsync(new EventQuery { Skip = skip, Limit = limit }));
    }

    [Fact]
    public async Task List_EmptyTimeRange_ThrowsArgumentException()
    {
        var ex = await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            Store.ListAsync(new EventQuery { DetectedFrom = EventSamples.Start, DetectedTo = EventSamples.Start }));
        Assert.Contains("time range is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_PurgesOnlyResolvedEventsOlderThanTheConfiguredDays()
    {
        async Task<AnomalyEvent> Resolved()
        {
            var e = (await Store.CreateAsync(EventSamples.Detected())).Event;
            return await Store.ApplyAsync(new EventChange { AnomalyId = e.AnomalyId, ExpectedStatus = AnomalyStatus.Detected, ExpectedVersion = 0, NewStatus = AnomalyStatus.Resolved, Actor = "worker" });
        }

        var oldResolved = await Resolved();
        var oldOpen = (await Store.CreateAsync(EventSamples.Detected())).Event;
        Time.Advance(TimeSpan.FromDays(20));
        var recentResolved = await Resolved();
        Time.Advance(TimeSpan.FromDays(11));
        var retention = new EventRetention(Store, Options.Create(new EventRetentionOptions { ResolvedDays = 30 }), Time);

        var purged = await retention.PurgeAsync();

        Assert.Equal(1, purged);
        Assert.Null(await Store.GetAsync(oldResolved.AnomalyId));
        Assert.NotNull(await Store.GetAsync(oldOpen.AnomalyId));
        Assert.NotNull(await Store.GetAsync(recentResolved.AnomalyId));
    }

    [Fact]
    public async Task RemediationMode_DefaultsToConfiguration_ThenKeepsWhoChangedItAndWhen()
    {
        var modes = new RemediationModeStore(Shared, Options.Create(new RemediationOptions { Mode = "MANUAL" }), Time);

        var initial = await modes.GetAsync();
        Time.Advance(TimeSpan.FromMinutes(3));
        await modes.SetAsync("auto", "bob");
        var changed = await new RemediationModeStore(Shared, Options.Create(new RemediationOptions { Mode = "MANUAL" }), Time).GetAsync();

        Assert.Equal(("MANUAL", "configuration", (DateTimeOffset?)null), (initial.Mode, initial.ChangedBy, initial.ChangedAt));
        Assert.Equal(("AUTO", "bob", (DateTimeOffset?)Time.GetUtcNow()), (changed.Mode, changed.ChangedBy, changed.ChangedAt));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => modes.SetAsync("YOLO", "bob"));
        Assert.Equal("AUTO", (await modes.GetAsync()).Mode);
    }

    [Fact]
    public async Task Health_ReachableStore_IsHealthyAndNamesTheStore()
    {
        var health = await Store.CheckHealthAsync();

        Assert.True(health.Healthy, health.Message);
        Assert.Contains(health.Store, new[] { "LiteDB", "MongoDB" });
    }

    [Fact]
    public async Task SharedState_ModelsAndQueryCatalog_RoundTripWithVersions()
    {
        var models = new TrainedModelStore(Shared);
        var queries = new QueryCatalogStore(Shared, Time);

        Assert.Null(await models.LoadAsync("forest"));
        Assert.Null(await queries.GetAsync());
        await models.SaveAsync("forest", """{"trees":[1,2,3]}""", "trainer");
        var second = await models.SaveAsync("forest", """{"trees":[4,5,6]}""", "trainer");
        await queries.SaveAsync(["up", "sum(rate(x[5m])) by (pod)"], "alice");

        var model = await models.LoadAsync("forest");
        Assert.Equal(("""{"trees":[4,5,6]}""", 2L, "trainer"), (model!.Content, model.Version, model.UpdatedBy));
        Assert.Equal(second, model);
        Assert.Equal(["up", "sum(rate(x[5m])) by (pod)"], (await queries.GetAsync())!.Queries);
    }
}
