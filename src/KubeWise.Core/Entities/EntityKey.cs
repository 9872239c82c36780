using System.Diagnostics.CodeAnalysis;

namespace KubeWise.Core.Entities;

/// <summary>
/// The identity of one monitored entity, used by the scan, the incident book, the event store, the API and the CLI.
/// <paramref name="Namespace"/> is empty for cluster-scoped entities (nodes, the control plane). Its text form
/// (<see cref="ToString"/>) is read back only at the edges: the stored incident book (through
/// <see cref="EntityKeyJsonConverter"/>) and text a person typed.
/// </summary>
public readonly record struct EntityKey(EntityType Type, string Namespace, string Name)
{
    public static EntityKey Node(string name) => new(EntityType.Node, string.Empty, name);

    public static EntityKey ControlPlane(string name = "apiserver") => new(EntityType.ControlPlane, string.Empty, name);

    /// <summary>The seed's <c>entity_type</c>: <c>deployment</c>, <c>node</c>…</summary>
    public string TypeName => EntityTypeNames.Of(Type);

    /// <summary>The namespace, or null for a cluster-scoped entity (the event's <c>namespace</c>).</summary>
    public string? NamespaceOrNull => string.IsNullOrEmpty(Namespace) ? null : Namespace;

    /// <summary>The entity an event names by its seed fields <c>entity_type</c>, <c>namespace</c> and <c>entity_id</c>.</summary>
    /// <exception cref="FormatException">The type is not one KubeWise monitors.</exception>
    public static EntityKey FromSeedFields(string type, string? ns, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!EntityTypeNames.TryParse(type, out var parsed))
        {
            throw new FormatException($"'{type}' is not an entity type KubeWise monitors (known: {string.Join(", ", EntityTypeNames.All)}).");
        }

        return new EntityKey(parsed, parsed is EntityType.Node or EntityType.ControlPlane ? string.Empty : ns ?? string.Empty, name);
    }

    /// <summary>Reads the text form, <c>deployment/default/nginx</c> or <c>node/worker-1</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out EntityKey? key)
    {
        key = null;
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length is not (2 or 3) || parts.Any(string.IsNullOrEmpty) || !EntityTypeNames.TryParse(parts[0], out var type))
        {
            return false;
        }

        key = new EntityKey(type, parts.Length == 3 ? parts[1] : string.Empty, parts[^1]);
        return true;
    }

    /// <exception cref="FormatException">The text is not an entity's text form.</exception>
    public static EntityKey Parse(string text) =>
        TryParse(text, out var key) ? key.Value : throw new FormatException($"'{text}' is not an entity (type/namespace/name or type/name).");

    /// <summary>The seed's form, <c>deployment/nginx-deployment</c>, with the namespace when there is one: <c>deployment/default/nginx</c>.</summary>
    public override string ToString() => string.IsNullOrEmpty(Namespace) ? $"{TypeName}/{Name}" : $"{TypeName}/{Namespace}/{Name}";
}
