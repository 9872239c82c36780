namespace KubeWise.Core.Analysis.Redaction;

/// <summary>
/// One model call's redaction: <see cref="Anomaly"/> and <see cref="Facts"/> are what the prompt is built from;
/// <see cref="Restore(AnalysisDraft)"/> turns the answer back into real names before proposals are screened.
/// </summary>
public sealed class RedactionScope
{
    private readonly RedactionMap? _map;

    private RedactionScope(AnomalyInput anomaly, EntityFacts facts, RedactionMap? map)
    {
        Anomaly = anomaly;
        Facts = facts;
        _map = map;
    }

    public AnomalyInput Anomaly { get; }

    public EntityFacts Facts { get; }

    public bool IsRedacting => _map is not null;

    /// <summary>Placeholder → real value (empty when not redacting).</summary>
    public IReadOnlyDictionary<string, string> Reals => _map?.Reals ?? new Dictionary<string, string>();

    internal static RedactionScope PassThrough(AnomalyInput anomaly, EntityFacts facts) => new(anomaly, facts, null);

    internal static RedactionScope Create(AnomalyInput anomaly, EntityFacts facts)
    {
        var map = new RedactionMap();

        // Register every identifying value first, most specific object first, so free text can be scrubbed of all of them.
        Register(map, anomaly.Entity);
        foreach (var owner in facts.OwnersOrEmpty)
        {
            Register(map, owner);
        }

        if (!string.IsNullOrEmpty(facts.NodeName))
        {
            map.Name("node", facts.NodeName);
        }

        foreach (var c in facts.ContainersOrEmpty)
        {
            map.Name("container", c.Name);
        }

        foreach (var value in facts.LabelsOrEmpty.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value))
        {
            map.Name("label", value);
        }

        foreach (var value in facts.AnnotationsOrEmpty.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value))
        {
            map.Name("annotation", value);
        }

        var redactedAnomaly = anomaly with
        {
            AnomalyId = map.Text(anomaly.AnomalyId),
            Entity = Redact(map, anomaly.Entity),
            Evidence = [.. anomaly.Evidence.Select(e => e with { Detail = e.Detail is null ? null : map.Text(e.Detail) })],
        };
        var redactedFacts = facts with
        {
            Labels = RedactMap(map, facts.Labels, "label"),
            Annotations = RedactMap(map, facts.Annotations, "annotation"),
            Owners = facts.Owners is null ? null : [.. facts.Owners.Select(o => Redact(map, o))],
            NodeName = facts.NodeName is null ? null : map.Name("node", facts.NodeName),
            Containers = facts.Containers is null ? null : [.. facts.Containers.Select(c => c with { Name = map.Name("container", c.Name) })],
            Conditions = facts.Conditions is null ? null : [.. facts.Conditions.Select(map.Text)],
        };
        return new RedactionScope(redactedAnomaly, redactedFacts, map);
    }

    /// <summary>Free text for the prompt (e.g. executed commands) with every known value replaced.</summary>
    public string Text(string text) => _map is null ? text : _map.Text(text);

    /// <summary>Text from the model with placeholders mapped back to real values.</summary>
    public string Restore(string text) => _map is null ? text : _map.Restore(text);

    /// <summary>The model's draft in real names: texts, proposal parameters and rationales, malformed proposals.</summary>
    public AnalysisDraft Restore(AnalysisDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (_map is null)
        {
            return draft;
        }

        return draft with
        {
            RootCause = _map.Restore(draft.RootCause),
            Description = _map.Restore(draft.Description),
            Proposals = [.. draft.Proposals.Select(p => p with
            {
                Parameters = [.. p.Parameters.Select(kv => new KeyValuePair<string, string>(kv.Key, _map.Restore(kv.Value)))],
                Rationale = p.Rationale is null ? null : _map.Restore(p.Rationale),
            })],
            Suggestions = draft.Suggestions is null ? null : [.. draft.Suggestions.Select(_map.Restore)],
            MalformedProposals = draft.MalformedProposals is null ? null : [.. draft.MalformedProposals.Select(d => d with { Proposal = _map.Restore(d.Proposal) })],
        };
    }

    private static void Register(RedactionMap map, EntityRef entity)
    {
        if (!string.IsNullOrEmpty(entity.Namespace))
        {
            map.Name("ns", entity.Namespace);
        }

        map.Name(entity.Type, entity.Name);
    }

    private static EntityRef Redact(RedactionMap map, EntityRef entity) => entity with
    {
        Namespace = map.Name("ns", entity.Namespace),
        Name = map.Name(entity.Type, entity.Name),
    };

    private static Dictionary<string, string>? RedactMap(RedactionMap map, IReadOnlyDictionary<string, string>? values, string category)
    {
        if (values is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            // Keys are schema (app, kubewise.io/note) and stay readable, except where they repeat a known name.
            result[map.Text(key)] = map.Name(category, value);
        }

        return result;
    }
}
