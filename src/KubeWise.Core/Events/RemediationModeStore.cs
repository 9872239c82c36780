using System.Text.Json.Serialization;
using KubeWise.Core.Remediation;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Events;

/// <summary>The remediation mode in force and who set it. <c>changed_by</c> is <c>configuration</c> until someone changes it.</summary>
public sealed record RemediationModeSetting
{
    public const string ConfigurationActor = "configuration";

    /// <summary><c>AUTO</c> or <c>MANUAL</c>.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    [JsonPropertyName("changed_by")]
    public required string ChangedBy { get; init; }

    /// <summary>Null while the configured default applies.</summary>
    [JsonPropertyName("changed_at")]
    public DateTimeOffset? ChangedAt { get; init; }
}

/// <summary>
/// The persisted remediation mode (the seed's <c>/api/v1/setup/mode</c>). Every replica reads the same value, so
/// switching to MANUAL brakes all running orchestrations at their next execution check.
/// </summary>
public sealed class RemediationModeStore(ISharedStateStore store, IOptions<RemediationOptions> options, TimeProvider timeProvider)
{
    internal const string Key = "remediation_mode";

    public async Task<RemediationModeSetting> GetAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.GetAsync(SharedCollection.Settings, Key, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? new RemediationModeSetting { Mode = options.Value.Mode.ToUpperInvariant(), ChangedBy = RemediationModeSetting.ConfigurationActor }
            : EventJson.Deserialize<RemediationModeSetting>(stored.Content);
    }

    /// <exception cref="ArgumentException">The mode is not AUTO or MANUAL, or no one is named.</exception>
    public async Task<RemediationModeSetting> SetAsync(string mode, string changedBy, CancellationToken cancellationToken = default)
    {
        var normalized = mode?.Trim().ToUpperInvariant();
        if (normalized is not ("AUTO" or "MANUAL"))
        {
            throw new ArgumentException($"mode must be AUTO or MANUAL, got '{mode}'.", nameof(mode));
        }

        if (string.IsNullOrWhiteSpace(changedBy))
        {
            throw new ArgumentException("changedBy must name who changed the mode.", nameof(changedBy));
        }

        var setting = new RemediationModeSetting { Mode = normalized, ChangedBy = changedBy.Trim(), ChangedAt = timeProvider.GetUtcNow() };
        await store.PutAsync(SharedCollection.Settings, Key, EventJson.Serialize(setting), setting.ChangedBy, cancellationToken).ConfigureAwait(false);
        return setting;
    }
}
