using System.Text.Json;
using System.Text.Json.Serialization;
using KubeWise.Core.Events;

namespace KubeWise.Core.Analysis.QueryProposals;

/// <summary>
/// Proposal decisions in the shared <c>queries</c> collection (document <c>ai-proposals</c>), next to the active catalog,
/// so every replica sees the same accepted queries. Keeps every accepted decision and the latest rejected ones.
/// </summary>
public sealed class SharedStateProposedQueryStore(ISharedStateStore store) : IProposedQueryStore
{
    public const string Key = "ai-proposals";

    /// <summary>Rejected decisions kept (oldest dropped first): enough to see why, bounded so the document stays small.</summary>
    public const int MaxRejectedKept = 200;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public async Task<IReadOnlyList<ProposedQueryDecision>> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(SharedCollection.Queries, Key, cancellationToken).ConfigureAwait(false);
        return stored is null ? [] : JsonSerializer.Deserialize<Document>(stored.Content, Json)?.Decisions ?? [];
    }

    public async Task AppendAsync(IReadOnlyList<ProposedQueryDecision> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (decisions.Count == 0)
        {
            return;
        }

        var all = (await LoadAsync(cancellationToken).ConfigureAwait(false)).Concat(decisions).ToList();
        var rejected = all.Where(d => !d.Accepted).ToList();
        var dropped = rejected.Take(Math.Max(0, rejected.Count - MaxRejectedKept)).ToHashSet();
        var kept = all.Where(d => !dropped.Contains(d)).ToList();
        await store.PutAsync(SharedCollection.Queries, Key, JsonSerializer.Serialize(new Document(kept), Json), "kubewise-ai", cancellationToken).ConfigureAwait(false);
    }

    private sealed record Document([property: JsonPropertyName("decisions")] IReadOnlyList<ProposedQueryDecision> Decisions);
}
