using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Incidents;

/// <summary>When an anomaly becomes an incident that starts a remediation.</summary>
public sealed class IncidentOptions
{
    public const string SectionName = "Incidents";

    /// <summary>Consecutive anomalous cycles before an incident opens, so one noisy cycle starts nothing.</summary>
    /// <value>Default: 2.</value>
    [Range(1, 100)]
    public int ConsecutiveCycles { get; set; } = 2;

    /// <summary>An open incident whose entity has not been judged for this long is forgotten (the entity is gone).</summary>
    /// <value>Default: 1.00:00:00.</value>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);
}
