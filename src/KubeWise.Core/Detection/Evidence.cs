namespace KubeWise.Core.Detection;

/// <summary>
/// One reason behind an anomaly, as a person and the language model read it.
/// For the forest: a feature, its value, the entity's own baseline, the normalised deviation and the feature's share
/// of the isolation. For a detector: the condition, the measured value and the threshold it crossed.
/// </summary>
/// <param name="Name">Feature name (<c>memory_working_set_bytes.slope</c>) or the condition's signal (<c>kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}</c>).</param>
/// <param name="Description">One line of plain text, e.g. <c>memory_working_set_bytes.slope = 2.1e+05 (baseline 0, deviation +18.3)</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Baseline">The entity's baseline (forest) or the threshold that was crossed (detector).</param>
/// <param name="Deviation">Normalised deviation the forest saw (noise units, relative change or log ratio per statistic); null for detectors.</param>
/// <param name="Contribution">Share of the finding explained by this item, 0..1; evidence lists are ordered by it.</param>
public sealed record Evidence(string Name, string Description, double Value, double? Baseline, double? Deviation, double Contribution)
{
    /// <summary>Since when the state holds (from the history, not the window's edge), when the detector knows it.</summary>
    public DateTimeOffset? Onset { get; init; }
}
