using KubeWise.Core.Remediation.Catalog;

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

    internal static RedactionScope Create(AnomalyInput anomaly, EntityFacts facts, IReadOnlyList<RemediationCommand> commands)
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

        // Every identifying parameter of the commands the call talks about (containers, nodes, pods, images…), from
        // their typed arguments: the facts of a later call need not list them.
        foreach (var command in commands)
        {
            foreach (var (name, value) in Identifying(command))
            {
                map.Name(Category(command, name), value);
            }
        }

        // Addresses in free text (an instance label, a node's InternalIP in a condition message).
        foreach (var text in anomaly.Evidence.SelectMany(e => new[] { e.Detail, e.Feature, e.Source }).Concat(facts.Conditions ?? []).Concat(facts.AnnotationsOrEmpty.Values).Concat(facts.LabelsOrEmpty.Values))
        {
            map.RegisterAddresses(text);
        }

        var redactedAnomaly = anomaly with
        {
            AnomalyId = map.Text(anomaly.AnomalyId),
            Entity = Redact(map, anomaly.Entity),
            Evidence = [.. anomaly.Evidence.Select(e => e with
            {
                Source = map.Text(e.Source),
                Feature = map.Text(e.Feature),
                Detail = e.Detail is null ? null : map.Text(e.Detail),
            })],
        };
        var redactedFacts = facts with
        {
            Labels = RedactMap(map, facts.Labels, "label"),
            Annotations = RedactMap(map, facts.Annotations, "annotation"),
            Owners = facts.Owners is null ? null : [.. facts.Owners.Select(o => Redact(map, o))],
            NodeName = facts.NodeName is null ? null : map.Name("node", facts.NodeName),
            Containers = facts.Containers is null ? null : [.. facts.Containers.Select(c => c with { Name = map.Name("container", c.Name) })],
            Conditions = facts.Conditions is null ? null : [.. facts.Conditions.Select(map.Text)],
            Baseline = facts.Baseline is null ? null : facts.Baseline.ToDictionary(p => map.Text(p.Key), p => p.Value, StringComparer.Ordinal),
        };
        return new RedactionScope(redactedAnomaly, redactedFacts, map);
    }

    /// <summary>Free text for the prompt with every known value replaced.</summary>
    public string Text(string text) => _map is null ? text : _map.Text(text);

    /// <summary>
    /// <paramref name="command"/> in the seed's text form, with every identifying argument (object, namespace, container,
    /// node and pod names, images, tokens) replaced by its placeholder from the typed arguments — short names too, which
    /// free-text scrubbing leaves alone. Quantities, counts and switches stay readable.
    /// </summary>
    public string Command(RemediationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_map is null)
        {
            return command.ToString();
        }

        var identifying = Identifying(command).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var builder = new System.Text.StringBuilder(command.Operation.Name);
        foreach (var (name, value) in command.Arguments)
        {
            var text = ParameterSpec.Format(value);
            builder.Append(' ').Append(name).Append('=').Append(identifying.Contains(name) ? _map.Name(Category(command, name), text) : text);
        }

        return builder.ToString();
    }

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

    private static IEnumerable<(string Name, string Value)> Identifying(RemediationCommand command)
    {
        foreach (var (name, value) in command.Arguments)
        {
            var spec = command.Operation.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
            // A parameter the descriptor does not type is treated as identifying: hiding too much is the safe mistake.
            if (value is string text && spec?.Type is null or ParameterType.ObjectName or ParameterType.Label or ParameterType.Token)
            {
                yield return (name, text);
            }
        }
    }

    // "name" names the command's target (a deployment, a node); other parameters name what they hold (ns, container…).
    private static string Category(RemediationCommand command, string parameter) =>
        string.Equals(parameter, CommonParameters.NameKey, StringComparison.Ordinal) ? command.Target.Kind : parameter;

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
