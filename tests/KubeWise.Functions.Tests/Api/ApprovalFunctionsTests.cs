using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;

namespace KubeWise.Functions.Tests.Api;

/// <summary>approve / reject / remediate called directly: what the waiting orchestration receives, and every refusal.</summary>
public sealed class ApprovalFunctionsTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<ApiResponse> ApproveAsync(string id, string? body, string? key = ApiHarness.AliceKey, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        var request = _h.Request("POST", body, key, contentType, headers);
        return await HostedFunction.RunAsync(request, await _h.Function<ApprovalFunctions>().ApproveAsync(request, _h.Client, id, CancellationToken.None));
    }

    [Fact]
    public async Task Approve_WaitingEvent_RaisesTheDecisionWithTheKeysNameAndAnswers202()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();

        var response = await ApproveAsync(anomaly.AnomalyId, """{"comment":"go ahead","commands":["restart_deployment name=web ns=shop"]}""");

        Assert.Equal(202, response.Status);
        Assert.Equal($"/api/v1/remediation/events/{anomaly.AnomalyId}", response.Location);
        Assert.Equal("approved", response.Body["decision"]!.GetValue<string>());
        Assert.Equal("Approval-1", response.Body["approval_event"]!.GetValue<string>());
        var received = await _h.ReceivedAsync(instance);
        Assert.NotNull(received);
        Assert.True(received.Approved);
        Assert.Equal("key:alice", received.By);
        Assert.Equal("go ahead", received.Comment);
        Assert.Equal([ApiHarness.Restart], received.Commands);
    }

    [Fact]
    public async Task Approve_TrustedPrincipalHeader_RecordsTheSignedInUser()
    {
        await using var h = await ApiHarness.StartAsync(new Dictionary<string, string?> { ["Api:TrustPrincipalHeaders"] = "true" });
        var (anomaly, instance) = await h.CreateWaitingEventAsync();
        var request = h.Request("POST", "{}", headers: new Dictionary<string, string> { [CallerIdentity.PrincipalNameHeader] = "alice@example.com" });

        var response = await HostedFunction.RunAsync(request, await h.Function<ApprovalFunctions>().ApproveAsync(request, h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(202, response.Status);
        Assert.Equal("alice@example.com", (await h.ReceivedAsync(instance))!.By);
    }

    [Fact]
    public async Task Approve_UntrustedPrincipalHeader_IsIgnoredAndTheKeyDecides()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();

        await ApproveAsync(anomaly.AnomalyId, "{}", key: "some-other-key", headers: new Dictionary<string, string> { [CallerIdentity.PrincipalNameHeader] = "ceo@example.com" });

        var by = (await _h.ReceivedAsync(instance))!.By;
        Assert.Equal($"key:sha256:{ApiHarness.Sha256("some-other-key")[..8]}", by);
    }

    [Fact]
    public async Task Approve_BodyNamesWhoApproved_Is400AndNothingIsRaised()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();

        var response = await ApproveAsync(anomaly.AnomalyId, """{"by":"ceo","comment":"trust me"}""");

        Assert.Equal(400, response.Status);
        Assert.Equal(ApiProblem.ContentType, response.ContentType);
        Assert.Contains("by", response.Body["errors"]!.AsObject().Select(e => e.Key));
        Assert.Null(await _h.ReceivedAsync(instance, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Approve_CommandNotSuggested_Is400ListingTheSuggestedOnes()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();

        var response = await ApproveAsync(anomaly.AnomalyId, """{"commands":["drain_node name=worker-1"]}""");

        Assert.Equal(400, response.Status);
        Assert.Contains(ApiHarness.Restart, response.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await _h.ReceivedAsync(instance, TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("'; db.events.drop(); //")]
    public async Task Approve_UnknownOrMalformedId_Is404(string id)
    {
        var response = await ApproveAsync(id, "{}");

        Assert.Equal(404, response.Status);
        Assert.Equal("No such anomaly event.", response.Body["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approve_EventNotAwaitingApproval_Is409()
    {
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.Analyzing);

        var response = await ApproveAsync(anomaly.AnomalyId, "{}");

        Assert.Equal(409, response.Status);
        Assert.Contains("Analyzing", response.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AwaitingButNoWorkflowWaits_Is409()
    {
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval, instanceId: "no-such-instance");

        var response = await ApproveAsync(anomaly.AnomalyId, "{}");

        Assert.Equal(409, response.Status);
    }

    [Fact]
    public async Task Approve_FinishedEvent_Is409()
    {
        var anomaly = await _h.CreateEventAsync(AnomalyStatus.Rejected);

        Assert.Equal(409, (await ApproveAsync(anomaly.AnomalyId, "{}")).Status);
    }

    [Theory]
    [InlineData("{not json", "application/json", 400)]
    [InlineData("[1,2]", "application/json", 400)]
    [InlineData("{\"comment\": 42}", "application/json", 400)]
    [InlineData("{\"commands\": \"restart\"}", "application/json", 400)]
    [InlineData("comment=hi", "application/x-www-form-urlencoded", 415)]
    public async Task Approve_MalformedBody_IsAClientError(string body, string contentType, int status)
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();

        var response = await ApproveAsync(anomaly.AnomalyId, body, contentType: contentType);

        Assert.Equal(status, response.Status);
        Assert.NotNull(response.Body["detail"]);
        Assert.Null(await _h.ReceivedAsync(instance, TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Approve_OversizedBody_Is413()
    {
        var (anomaly, _) = await _h.CreateWaitingEventAsync();

        var response = await ApproveAsync(anomaly.AnomalyId, $"{{\"comment\":\"{new string('x', 70_000)}\"}}");

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task Reject_EmptyBody_RaisesARejection()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var request = _h.Request("POST", body: null);

        var response = await HostedFunction.RunAsync(request, await _h.Function<ApprovalFunctions>().RejectAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(202, response.Status);
        Assert.Equal("rejected", response.Body["decision"]!.GetValue<string>());
        var received = await _h.ReceivedAsync(instance);
        Assert.False(received!.Approved);
        Assert.Equal("key:alice", received.By);
    }

    [Fact]
    public async Task Remediate_SuggestedCommand_ApprovesJustThatCommandAndAnswers202WhereToPoll()
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var request = _h.Request("POST", $$"""{"command":"{{ApiHarness.Scale}}"}""");

        var response = await HostedFunction.RunAsync(request, await _h.Function<ApprovalFunctions>().RemediateAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(202, response.Status);
        Assert.Equal("accepted", response.Body["status"]!.GetValue<string>());
        Assert.Equal(anomaly.AnomalyId, response.Body["event_id"]!.GetValue<string>());
        Assert.Equal(ApiHarness.Scale, response.Body["command"]!.GetValue<string>());
        var received = await _h.ReceivedAsync(instance);
        Assert.Equal([ApiHarness.Scale], received!.Commands);
        Assert.True(received.Approved);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"command\":\"\"}")]
    [InlineData("{\"command\":\"rm -rf /\"}")]
    [InlineData("{\"command\":[\"restart_deployment name=web ns=shop\"]}")]
    public async Task Remediate_MissingOrUnsuggestedCommand_Is400(string body)
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var request = _h.Request("POST", body);

        var response = await HostedFunction.RunAsync(request, await _h.Function<ApprovalFunctions>().RemediateAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        Assert.Equal(400, response.Status);
        Assert.Null(await _h.ReceivedAsync(instance, TimeSpan.FromMilliseconds(300)));
    }
}
