namespace KubeWise.Core.Incidents;

/// <summary>What one cycle did to the incidents.</summary>
/// <param name="Book">The book to keep for the next cycle.</param>
/// <param name="Opened">Incidents that opened now: each starts one remediation.</param>
/// <param name="Attached">Open incidents seen again: nothing new starts for them.</param>
/// <param name="Pending">Anomalies counting towards opening.</param>
/// <param name="Closed">Incidents (or pending anomalies) whose entity is healthy again.</param>
public sealed record IncidentDecisions(
    IncidentBook Book,
    IReadOnlyList<IncidentEntry> Opened,
    IReadOnlyList<IncidentEntry> Attached,
    IReadOnlyList<IncidentEntry> Pending,
    IReadOnlyList<IncidentEntry> Closed)
{
    /// <summary>Open incidents whose remediation has not been started yet: the ones opened now and any a failed cycle left behind.</summary>
    public IReadOnlyList<IncidentEntry> ToStart => [.. Book.Entries.Where(e => e.IsOpen && !e.Started)];
}
