using KubeWise.Core.Configuration;
using KubeWise.Core.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KubeWise.Functions.Api;

/// <summary>The remediation mode (MANUAL is the emergency brake for every running workflow) and the effective configuration.</summary>
public sealed class SetupFunctions(RemediationModeStore modes, CallerIdentity caller, IConfiguration configuration, IOptionsMonitor<ApiOptions> options)
{
    public const string GetModeName = "GetMode";
    public const string SetModeName = "SetMode";
    public const string ConfigName = "GetConfig";

    private static readonly string[] SecretMarkers = ["Key", "ConnectionString", "Password", "Token", "Secret"];

    [Function(GetModeName)]
    [ApiDoc("The remediation mode in force (AUTO or MANUAL) and who set it")]
    public async Task<IActionResult> GetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        try
        {
            return ApiResults.Ok(await modes.GetAsync(cancellationToken));
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiResults.Unavailable($"The mode could not be read: {e.Message}");
        }
    }

    [Function(SetModeName)]
    [ApiDoc("Set the remediation mode; MANUAL brakes every running remediation before its next step", Body = ApiDocBody.Mode)]
    public async Task<IActionResult> SetModeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.SetupMode)] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var (body, error) = await RequestBody.ReadObjectAsync(req, options.CurrentValue.MaxBodyBytes, optional: false, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (RequestBody.RejectUnknown(body, "mode") is { } unknown)
        {
            return unknown;
        }

        if (!RequestBody.TryGetString(body, "mode", 16, out var mode, out error))
        {
            return error!;
        }

        if (mode?.Trim().ToUpperInvariant() is not ("AUTO" or "MANUAL"))
        {
            return ApiResults.Invalid("mode", $"mode must be AUTO or MANUAL, got '{ApiResults.Shorten(mode)}'.");
        }

        try
        {
            return ApiResults.Ok(await modes.SetAsync(mode, caller.Resolve(req), cancellationToken));
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiResults.Unavailable($"The mode could not be saved; it is unchanged: {e.Message}");
        }
    }

    [Function(ConfigName)]
    [ApiDoc("Every seed setting's effective value (secrets masked)")]
    public IActionResult GetConfig(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Routes.SetupConfig)] HttpRequest req)
    {
        var settings = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var setting in SeedSettings.All)
        {
            var section = configuration.GetSection(setting.OptionsPath);
            var children = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
            object? value = section.Value is { } v ? v : children.Count > 0 ? children : null;
            if (value is not null && IsSecret(setting.OptionsPath))
            {
                value = "***";
            }

            settings[setting.SeedName] = value ?? setting.Default;
        }

        return ApiResults.Ok(new { settings });
    }

    internal static bool IsSecret(string optionsPath) =>
        SecretMarkers.Any(m => optionsPath.Contains(m, StringComparison.OrdinalIgnoreCase));
}
