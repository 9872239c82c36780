using System.Text.Json.Serialization;

namespace KubeWise.Core.Events;

/// <summary>Where an anomaly event stands. The names are the wire values (the seed's PascalCase spelling).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnomalyStatus>))]
public enum AnomalyStatus
{
    Detected,
    Analyzing,

    /// <summary>A fix is proposed. Also final when a fix may only be suggested (GitOps-managed object, no cluster configured).</summary>
    RemediationSuggested,
    AwaitingApproval,
    Approved,
    Rejected,
    Expired,
    Remediating,
    Verifying,
    Resolved,
    RemediationFailed,
}
