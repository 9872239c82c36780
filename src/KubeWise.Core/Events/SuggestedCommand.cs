using System.Text.Json.Serialization;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Events;

/// <summary>
/// A command analysis suggested, as data, beside its text in the seed's <c>suggested_remediation_commands</c> (where
/// approvals name it by that text).
/// </summary>
public sealed record SuggestedCommand
{
    /// <summary>The seed's text form, exactly as listed in <c>suggested_remediation_commands</c>.</summary>
    [JsonPropertyName("command")]
    public required string Command { get; init; }

    [JsonPropertyName("data")]
    public required CommandData Data { get; init; }

    /// <summary>The policy allows it only as advice for a person; KubeWise never applies it.</summary>
    [JsonPropertyName("suggestion_only")]
    public bool SuggestionOnly { get; init; }
}
