using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;

namespace KubeWise.Core.Analysis;

/// <summary>
/// The cluster facts the safety policy judges proposals with, gathered by the caller before analysis: the incident's
/// <see cref="RemediationFacts"/> (entity, owner chain, namespaces, node, recent actions, cluster) and the live state
/// of every object a command may touch (the entity, its owners, its node). A command on any other object finds no
/// facts and is rejected.
/// </summary>
public sealed record LiveFacts(RemediationFacts Incident, IReadOnlyList<ObjectFacts> Objects)
{
    /// <summary>The incident's facts with <paramref name="target"/>'s live state, or none when it was not gathered.</summary>
    public RemediationFacts For(ObjectReference target) =>
        Incident with { Target = Objects.FirstOrDefault(o => o.Reference.Matches(target)) };
}
