using System.Text.RegularExpressions;

namespace KubeWise.Core.Analysis.Redaction;

/// <summary>
/// PromQL shown to a model with the values of identifying label matchers replaced (<c>namespace="payments"</c> →
/// <c>namespace="redacted-namespace-1"</c>): an operator's query names the cluster's namespaces, workloads, nodes and
/// addresses. Metric names, label names and schema values (<c>condition="Ready"</c>, <c>resource="memory"</c>) stay
/// readable. The model's queries are mapped back with the same map.
/// </summary>
public static partial class QueryRedaction
{
    /// <summary>Labels whose values name something in the cluster; kube-state-metrics' <c>label_*</c> and <c>annotation_*</c> too.</summary>
    private static readonly HashSet<string> Identifying = new(StringComparer.Ordinal)
    {
        "namespace", "exported_namespace", "pod", "exported_pod", "node", "container", "image", "image_id", "image_spec",
        "deployment", "statefulset", "daemonset", "replicaset", "job_name", "cronjob", "owner_name", "created_by_name",
        "service", "endpoint", "ingress", "host", "hostname", "instance", "ip", "internal_ip", "pod_ip", "host_ip",
        "address", "uid", "persistentvolumeclaim", "persistentvolume", "volume", "horizontalpodautoscaler", "poddisruptionbudget",
        "cluster", "zone", "region", "provider_id", "kernel_version", "os_image", "system_uuid", "mountpoint", "device",
    };

    public static bool IsIdentifying(string label) =>
        Identifying.Contains(label) || label.StartsWith("label_", StringComparison.Ordinal) || label.StartsWith("annotation_", StringComparison.Ordinal);

    public static string Redact(RedactionMap map, string expression)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(expression);
        return Matcher().Replace(expression, m => !IsIdentifying(m.Groups["label"].Value) ? m.Value :
            $"{m.Groups["label"].Value}{m.Groups["ws1"].Value}{m.Groups["op"].Value}{m.Groups["quote"].Value}{map.Name(m.Groups["label"].Value, m.Groups["value"].Value)}{m.Groups["quote"].Value}");
    }

    // label op "value" (or 'value'); escaped quotes inside the value are part of it.
    [GeneratedRegex("""(?<label>[A-Za-z_][A-Za-z0-9_]*)(?<ws1>\s*)(?<op>=~|!~|!=|=)\s*(?<quote>["'])(?<value>(?:\\.|(?!\k<quote>).)*)\k<quote>""")]
    private static partial Regex Matcher();
}
