using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using KubeWise.Core.Configuration;
using KubeWise.Core.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KubeWise.Application.Api;

/// <summary>The body of <c>POST /setup/mode</c>: the seed's <c>{"mode": "MANUAL"}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ModeRequest
{
    [JsonPropertyName("mode")]
    [AllowedValues("AUTO", "MANUAL")]
    [Description("AUTO runs validated fixes on its own; MANUAL waits for a person and brakes running remediations (case-insensitive).")]
    public required string Mode { get; init; }

    public static (ModeRequest? Request, ApiProblem? Problem) Read(JsonBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.RejectUnknown<ModeRequest>() is { } unknown)
        {
            return (null, unknown);
        }

        if (!body.TryGetString("mode", 16, out var mode, out var problem))
        {
            return (null, problem);
        }

        return mode?.Trim().ToUpperInvariant() is ("AUTO" or "MANUAL") and var normalized
            ? (new ModeRequest { Mode = normalized }, null)
            : (null, ApiProblem.Invalid("mode", $"mode must be AUTO or MANUAL, got '{ApiProblem.Shorten(mode)}'."));
    }
}

/// <summary>Every seed setting's effective value, by the seed's name (secrets masked).</summary>
public sealed record ConfigReply([property: JsonPropertyName("settings")] IReadOnlyDictionary<string, object?> Settings);

/// <summary>The remediation mode (MANUAL is the emergency brake for every running workflow) and the effective configuration.</summary>
public sealed class SetupHandler(RemediationModeStore modes, CallerIdentity caller, IConfiguration configuration, IOptionsMonitor<ApiOptions> options)
{
    private static readonly string[] SecretMarkers = ["Key", "ConnectionString", "Password", "Token", "Secret"];

    public async Task<ApiReply<RemediationModeSetting>> GetModeAsync(CancellationToken ct)
    {
        try
        {
            return await modes.GetAsync(ct).ConfigureAwait(false);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiProblem.Unavailable($"The mode could not be read: {e.Message}");
        }
    }

    public async Task<ApiReply<RemediationModeSetting>> SetModeAsync(ApiRequest request, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, options.CurrentValue.MaxBodyBytes, optional: false, ct).ConfigureAwait(false);
        if (body is null)
        {
            return problem!;
        }

        var (mode, invalid) = ModeRequest.Read(body);
        if (mode is null)
        {
            return invalid!;
        }

        if (!caller.TryResolve(request, out var by, out problem))
        {
            return problem!;
        }

        try
        {
            return await modes.SetAsync(mode.Mode, by, ct).ConfigureAwait(false);
        }
        catch (EventStoreException e) when (e.IsRetryable)
        {
            return ApiProblem.Unavailable($"The mode could not be saved; it is unchanged: {e.Message}");
        }
    }

    public ApiReply<ConfigReply> GetConfig()
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

        return new ConfigReply(settings);
    }

    internal static bool IsSecret(string optionsPath) =>
        SecretMarkers.Any(m => optionsPath.Contains(m, StringComparison.OrdinalIgnoreCase));
}
