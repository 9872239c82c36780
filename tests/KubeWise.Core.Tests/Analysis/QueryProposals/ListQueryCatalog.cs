using KubeWise.Core.Analysis.QueryProposals;

namespace KubeWise.Core.Tests.Analysis.QueryProposals;

/// <summary>A catalog that covers nodes well (3 queries) and pods (2) and deployments (1) poorly; records AI additions with their tag.</summary>
internal sealed class ListQueryCatalog : IQueryCatalogView
{
    private readonly List<CatalogEntry> _entries =
    [
        new("pod_cpu_limit_ratio", "sum by (namespace, pod) (rate(container_cpu_usage_seconds_total[5m]))", ["pod"]),
        // An operator's query: it names a namespace of the cluster, which redaction hides from the model.
        new("operator_pod_memory", "max by (namespace, pod) (container_memory_working_set_bytes{namespace=\"payments\", container!=\"\"})", ["pod"]),
        new("deployment_replicas_unavailable", "max by (namespace, deployment) (kube_deployment_status_replicas_unavailable)", ["deployment"]),
        new("node_ready", "max by (node) (kube_node_status_condition{condition=\"Ready\",status=\"true\"})", ["node"]),
        new("node_memory_pressure", "max by (node) (kube_node_status_condition{condition=\"MemoryPressure\",status=\"true\"})", ["node"]),
        new("node_memory_available", "max by (node) (node_memory_MemAvailable_bytes)", ["node"]),
    ];

    public List<(string Tag, ProposedQuery Query)> Added { get; } = [];

    public IReadOnlyList<CatalogEntry> Entries => [.. _entries];

    public string? TryAddAiQuery(ProposedQuery query)
    {
        if (_entries.Any(e => e.Id == query.Id))
        {
            return $"id '{query.Id}' is already in the catalog";
        }

        _entries.Add(new CatalogEntry(query.Id, query.Expression, [query.EntityType]));
        Added.Add((ProposedQueryDecision.Tag, query));
        return null;
    }
}
