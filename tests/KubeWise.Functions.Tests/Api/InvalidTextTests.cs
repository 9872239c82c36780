using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// Text that is not text: invalid UTF-8 inside a JSON string and unpaired surrogate escapes, in bodies, a header and a
/// query value, on every endpoint that writes. Each is a 400 naming the field, never a 500, and changes nothing.
/// </summary>
public sealed class InvalidTextTests : IAsyncLifetime
{
    /// <summary><c>MAN\xc3\x28UAL</c>: a lead byte followed by a byte that cannot continue it.</summary>
    private static readonly byte[] BadUtf8 = [0xc3, 0x28];

    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync(new Dictionary<string, string?> { ["Api:TrustPrincipalHeaders"] = "true" });

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>A JSON body from text pieces and raw bytes, sent as the host would hand it over.</summary>
    private static byte[] Body(params object[] parts) =>
        [.. parts.SelectMany(p => p is byte[] raw ? raw : Encoding.UTF8.GetBytes((string)p))];

    private HttpRequest Request(byte[] body, IDictionary<string, string>? headers = null)
    {
        var request = _h.Request("POST", "{}", headers: headers);
        request.Body = new MemoryStream(body);
        request.ContentLength = body.Length;
        return request;
    }

    private static async Task<ApiResponse> RunAsync(HttpRequest request, Task<IActionResult> call) => await HostedFunction.RunAsync(request, await call);

    private static void AssertNamesField(ApiResponse response, string field)
    {
        Assert.Equal(400, response.Status);
        Assert.Equal(ApiProblem.ContentType, response.ContentType);
        Assert.Equal([field], response.Body["errors"]!.AsObject().Select(e => e.Key));
    }

    public static TheoryData<string, string> DecisionBodies() => new()
    {
        { "comment-utf8", "comment" },
        { "comment-surrogate", "comment" },
        { "commands-utf8", "commands" },
        { "commands-surrogate", "commands" },
    };

    private static byte[] DecisionBody(string kind) => kind switch
    {
        "comment-utf8" => Body("""{"comment":"ok """, BadUtf8, "\"}"),
        "comment-surrogate" => Body("""{"comment":"\ud800"}"""),
        "commands-utf8" => Body("""{"commands":["restart_deployment name=web""", BadUtf8, " ns=shop\"]}"),
        "commands-surrogate" => Body("""{"commands":["\udc00x"]}"""),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(DecisionBodies))]
    public async Task Approve_InvalidText_Is400NamingTheField_AndTheWorkflowGetsOnlyTheNextValidDecision(string kind, string field)
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var functions = _h.Function<ApprovalFunctions>();

        var request = Request(DecisionBody(kind));
        var response = await RunAsync(request, functions.ApproveAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        AssertNamesField(response, field);
        Assert.Equal(anomaly.Version, (await _h.Events.GetAsync(anomaly.AnomalyId))!.Version);
        var valid = _h.Request("POST", """{"comment":"the valid one"}""");
        await RunAsync(valid, functions.ApproveAsync(valid, _h.Client, anomaly.AnomalyId, CancellationToken.None));
        Assert.Equal("the valid one", (await _h.ReceivedAsync(instance))!.Comment);
    }

    [Theory]
    [MemberData(nameof(DecisionBodies))]
    public async Task Reject_InvalidText_Is400NamingTheField_AndTheWorkflowGetsOnlyTheNextValidDecision(string kind, string field)
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var functions = _h.Function<ApprovalFunctions>();

        var request = Request(DecisionBody(kind));
        var response = await RunAsync(request, functions.RejectAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        AssertNamesField(response, field);
        Assert.Equal(anomaly.Version, (await _h.Events.GetAsync(anomaly.AnomalyId))!.Version);
        var valid = _h.Request("POST", """{"comment":"no thanks"}""");
        await RunAsync(valid, functions.RejectAsync(valid, _h.Client, anomaly.AnomalyId, CancellationToken.None));
        var received = (await _h.ReceivedAsync(instance))!;
        Assert.False(received.Approved);
        Assert.Equal("no thanks", received.Comment);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Remediate_InvalidCommandText_Is400NamingCommand_AndTheWorkflowGetsOnlyTheNextValidOne(bool surrogate)
    {
        var (anomaly, instance) = await _h.CreateWaitingEventAsync();
        var functions = _h.Function<ApprovalFunctions>();
        var body = surrogate ? Body("""{"command":"restart_deployment name=web\ud800 ns=shop"}""") : Body("""{"command":"restart_deployment name=web""", BadUtf8, " ns=shop\"}");

        var request = Request(body);
        var response = await RunAsync(request, functions.RemediateAsync(request, _h.Client, anomaly.AnomalyId, CancellationToken.None));

        AssertNamesField(response, "command");
        Assert.Equal(anomaly.Version, (await _h.Events.GetAsync(anomaly.AnomalyId))!.Version);
        var valid = _h.Request("POST", $$"""{"command":"{{ApiHarness.Restart}}"}""");
        await RunAsync(valid, functions.RemediateAsync(valid, _h.Client, anomaly.AnomalyId, CancellationToken.None));
        Assert.Equal([ApiHarness.Restart], (await _h.ReceivedAsync(instance))!.Commands);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SetMode_InvalidModeText_Is400NamingMode_AndTheModeIsUnchanged(bool surrogate)
    {
        var functions = _h.Function<SetupFunctions>();
        var body = surrogate ? Body("""{"mode":"\ud800"}""") : Body("""{"mode":"MAN""", BadUtf8, "UAL\"}");

        var request = Request(body);
        var response = await RunAsync(request, functions.SetModeAsync(request, CancellationToken.None));

        AssertNamesField(response, "mode");
        var mode = _h.Request("GET");
        var current = await RunAsync(mode, functions.GetModeAsync(mode, CancellationToken.None));
        Assert.Equal("MANUAL", current.Body["mode"]!.GetValue<string>());
        Assert.Equal("configuration", current.Body["changed_by"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TrainModel_InvalidEntityTypeText_Is400NamingEntityTypes(bool surrogate)
    {
        var body = surrogate ? Body("""{"entity_types":["Deploy\ud800ment"]}""") : Body("""{"entity_types":["Deploy""", BadUtf8, "ment\"]}");

        var request = Request(body);
        var response = await RunAsync(request, _h.Function<MetricsFunctions>().TrainAsync(request, _h.Client, CancellationToken.None));

        AssertNamesField(response, "entity_types");
    }

    [Fact]
    public async Task SetMode_FieldNameNotValidUtf8_Is400()
    {
        var request = Request(Body("{\"mo", BadUtf8, "de\":\"AUTO\"}"));
        var response = await RunAsync(request, _h.Function<SetupFunctions>().SetModeAsync(request, CancellationToken.None));

        Assert.Equal(400, response.Status);
        Assert.Contains("field name", response.Body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMode_PrincipalHeaderWithUnpairedSurrogate_Is400NamingTheHeader_AndTheModeIsUnchanged()
    {
        var functions = _h.Function<SetupFunctions>();
        var request = Request(Body("""{"mode":"AUTO"}"""), new Dictionary<string, string> { [CallerIdentity.PrincipalNameHeader] = "alice\ud800" });

        var response = await RunAsync(request, functions.SetModeAsync(request, CancellationToken.None));

        AssertNamesField(response, CallerIdentity.PrincipalNameHeader);
        var mode = _h.Request("GET");
        Assert.Equal("MANUAL", (await RunAsync(mode, functions.GetModeAsync(mode, CancellationToken.None))).Body["mode"]!.GetValue<string>());
    }

    /// <summary>
    /// ASP.NET Core leaves invalid percent-encoded UTF-8 escaped (the value stays valid text), so the handler is called
    /// with the decoded value another host could hand over: an unpaired surrogate.
    /// </summary>
    [Theory]
    [InlineData("namespace")]
    [InlineData("entity_id")]
    [InlineData("status")]
    public async Task ListEvents_QueryValueNotValidText_Is400NamingTheParameter(string parameter)
    {
        var handler = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<EventsHandler>(_h.Services);
        var request = new ApiRequest(_ => null, name => name == parameter ? "shop\ud800" : null);

        var reply = await handler.ListAsync(request, CancellationToken.None);

        Assert.Equal(400, reply.Status);
        Assert.Equal([parameter], reply.Problem!.Errors!.Keys);
    }
}
