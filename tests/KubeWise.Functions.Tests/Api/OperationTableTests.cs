using System.Reflection;
using System.Text.Json.Nodes;
using KubeWise.Application.Api;
using KubeWise.Application.Api.Http;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// A host that maps the operation table (<see cref="HttpApi.HandleAsync"/>, as <c>kubewise run</c> will) answers exactly
/// what the Functions app's adapter for the same operation answers.
/// </summary>
public sealed class OperationTableTests : IAsyncLifetime
{
    private ApiHarness _h = null!;
    private AnomalyEvent _event = null!;

    public async Task InitializeAsync()
    {
        _h = await ApiHarness.StartAsync();
        _event = await _h.CreateEventAsync(AnomalyStatus.AwaitingApproval);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string> ReadOperations() => [.. ApiOperations.All.Where(o => o.Method == "get" && o.Name != ApiOperations.Health && o.Name != ApiOperations.GetMetrics).Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(ReadOperations))]
    public async Task TableHost_AnswersWhatTheFunctionAdapterAnswers(string name)
    {
        var operation = Assert.Single(ApiOperations.All, o => o.Name == name);

        var table = await ViaTableAsync(operation, _event.AnomalyId);
        var adapter = await ViaFunctionAsync(operation, _event.AnomalyId);

        Assert.Equal(adapter.Status, table.Status);
        Assert.Equal(adapter.ContentType, table.ContentType);
        Assert.Equal(adapter.Text, table.Text);
    }

    [Fact]
    public async Task TableHost_UnknownEvent_Is404LikeTheAdapter()
    {
        var operation = Assert.Single(ApiOperations.All, o => o.Name == ApiOperations.GetEvent);
        var id = Guid.NewGuid().ToString();

        var table = await ViaTableAsync(operation, id);

        Assert.Equal(404, table.Status);
        Assert.Equal((await ViaFunctionAsync(operation, id)).Text, table.Text);
    }

    private async Task<ApiResponse> ViaTableAsync(ApiOperation operation, string id)
    {
        var request = _h.Request(operation.Method.ToUpperInvariant());
        request.HttpContext.Request.RouteValues["id"] = id;
        request.HttpContext.Features.Set<IRoutingFeature>(new RoutingFeature { RouteData = new RouteData(request.RouteValues) });
        await HttpApi.HandleAsync(request.HttpContext, operation);
        return await HostedFunction.RunAsync(request, new EmptyResult());
    }

    /// <summary>The function named like the operation, called the way the Functions host binds it.</summary>
    private async Task<ApiResponse> ViaFunctionAsync(ApiOperation operation, string id)
    {
        var method = typeof(EventsFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Single(m => m.GetCustomAttribute<FunctionAttribute>()?.Name == operation.Name);
        var request = _h.Request(operation.Method.ToUpperInvariant());
        var instance = Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance(_h.Services, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequest) => request,
            var t when t == typeof(CancellationToken) => CancellationToken.None,
            var t when t == typeof(Microsoft.DurableTask.Client.DurableTaskClient) => _h.Client,
            _ => (object?)id,
        }).ToArray();
        var result = method.Invoke(instance, arguments) switch
        {
            Task<IActionResult> task => await task,
            IActionResult r => r,
            var other => throw new InvalidOperationException($"{operation.Name} returned {other?.GetType()}"),
        };
        return await HostedFunction.RunAsync(request, result);
    }
}
