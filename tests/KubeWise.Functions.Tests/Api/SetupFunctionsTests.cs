using KubeWise.Application.Api;
using KubeWise.Core.Events;
using KubeWise.Functions.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Functions.Tests.Api;

/// <summary>GET/POST setup/mode: the mode, who changed it (from the caller, never the body), and refusals that change nothing.</summary>
public sealed class SetupFunctionsTests : IAsyncLifetime
{
    private ApiHarness _h = null!;

    public async Task InitializeAsync() => _h = await ApiHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<ApiResponse> SetAsync(string body, string? key = ApiHarness.AliceKey)
    {
        var request = _h.Request("POST", body, key);
        return await HostedFunction.RunAsync(request, await _h.Function<SetupFunctions>().SetModeAsync(request, CancellationToken.None));
    }

    private async Task<ApiResponse> GetAsync()
    {
        var request = _h.Request("GET");
        return await HostedFunction.RunAsync(request, await _h.Function<SetupFunctions>().GetModeAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task GetMode_Default_IsManualFromConfiguration()
    {
        var response = await GetAsync();

        Assert.Equal("MANUAL", response.Body["mode"]!.GetValue<string>());
        Assert.Equal("configuration", response.Body["changed_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task SetMode_Auto_IsStoredWithTheCallersName()
    {
        var response = await SetAsync("""{"mode":"auto"}""");

        Assert.Equal(200, response.Status);
        Assert.Equal("AUTO", response.Body["mode"]!.GetValue<string>());
        var stored = await _h.Services.GetRequiredService<RemediationModeStore>().GetAsync();
        Assert.Equal(("AUTO", "key:alice"), (stored.Mode, stored.ChangedBy));
        Assert.Equal("AUTO", (await GetAsync()).Body["mode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"mode":"YOLO"}""")]
    [InlineData("""{"mode":1}""")]
    [InlineData("""{"mode":"AUTO","changed_by":"ceo"}""")]
    [InlineData("""{}""")]
    [InlineData("""null""")]
    public async Task SetMode_Invalid_Is400AndTheModeStays(string body)
    {
        var response = await SetAsync(body);

        Assert.Equal(400, response.Status);
        Assert.Equal("MANUAL", (await GetAsync()).Body["mode"]!.GetValue<string>());
    }
}
