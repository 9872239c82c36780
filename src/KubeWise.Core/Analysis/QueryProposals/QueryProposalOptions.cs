using System.ComponentModel.DataAnnotations;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>
/// The seed's "Dynamic PromQL Query Generation": Gemini proposes queries for entity types the catalog covers poorly;
/// each runs against Prometheus and joins the catalog (tagged <c>ai</c>) only within these bounds. Section <c>Gemini:QueryProposals</c>.
/// </summary>
public sealed class QueryProposalOptions
{
    public const string SectionName = "Gemini:QueryProposals";

    /// <summary>Ask the model for queries at all.</summary>
    /// <value>Default: false.</value>
    public bool Enabled { get; set; }

    /// <summary>An entity type with fewer catalog queries than this is poorly covered and gets proposals.</summary>
    /// <value>Default: 3.</value>
    [Range(1, 100)]
    public int PoorCoverageBelow { get; set; } = 3;

    /// <summary>Proposals considered per request; the rest are rejected unread.</summary>
    /// <value>Default: 10.</value>
    [Range(1, 50)]
    public int MaxProposals { get; set; } = 10;

    /// <summary>Most series one accepted query may return, whatever the cluster's size.</summary>
    /// <value>Default: 2000.</value>
    [Range(1, 1_000_000)]
    public int MaxSeries { get; set; } = 2000;

    /// <summary>Longest a query may take over <see cref="CostWindowSeconds"/> (a range query as the scan runs it).</summary>
    /// <value>Default: 1000 ms.</value>
    [Range(1, 60_000)]
    public int MaxQueryMilliseconds { get; set; } = 1000;

    /// <summary>The window the cost is measured over (the scan window).</summary>
    /// <value>Default: 600 s.</value>
    [Range(60, 86_400)]
    public int CostWindowSeconds { get; set; } = 600;

    /// <summary>Step of the cost-measuring range query.</summary>
    /// <value>Default: 30 s.</value>
    [Range(1, 3600)]
    public int CostStepSeconds { get; set; } = 30;

    /// <summary>Metric names offered to the model, at most (the prompt stays within the token budget).</summary>
    /// <value>Default: 400.</value>
    [Range(10, 5000)]
    public int MaxMetricNames { get; set; } = 400;
}
