namespace KubeWise.Core.Metrics.Catalog;

/// <summary>Where a catalog query came from; shown next to it so a person knows whom to ask about it.</summary>
public enum QueryOrigin
{
    /// <summary>Shipped with KubeWise.</summary>
    BuiltIn,

    /// <summary>From configuration (the seed's <c>DEFAULT_PROMQL_QUERIES</c>).</summary>
    Configuration,

    /// <summary>Proposed by the language model and validated before it was added.</summary>
    AiProposed,
}
