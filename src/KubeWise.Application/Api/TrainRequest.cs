using System.ComponentModel;
using System.Text.Json.Serialization;
using KubeWise.Core.Entities;

namespace KubeWise.Application.Api;

/// <summary>The optional body of <c>POST /metrics/model/train</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrainRequest
{
    [JsonPropertyName("force")]
    [Description("Retrain the models that already exist too (default: only types without a model are trained).")]
    public bool? Force { get; init; }

    [JsonPropertyName("entity_types")]
    [Description("Retrain just these entity types' models (implies force).")]
    [ApiItems(typeof(EntityType))]
    public IReadOnlyList<string>? EntityTypes { get; init; }

    /// <summary>The entity types whose existing models are retrained, or the problem with the body.</summary>
    public static (IReadOnlyCollection<EntityType>? Retrain, ApiProblem? Problem) Read(JsonBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.RejectUnknown<TrainRequest>() is { } unknown)
        {
            return (null, unknown);
        }

        var names = Enum.GetNames<EntityType>();
        if (!body.TryGetBool("force", out var force, out var problem)
            || !body.TryGetStrings("entity_types", names.Length, 32, out var types, out problem))
        {
            return (null, problem);
        }

        if (types is null)
        {
            return (force == true ? Enum.GetValues<EntityType>() : [], null);
        }

        if (types.Count == 0 || force == false)
        {
            return (null, ApiProblem.Invalid("entity_types", types.Count == 0
                ? "entity_types must name at least one entity type; omit it (with force: true) to retrain every model."
                : "entity_types retrains those models; it cannot be combined with force: false."));
        }

        var parsed = new HashSet<EntityType>();
        foreach (var name in types)
        {
            // Only the names: Enum.TryParse would also take numbers and comma lists.
            if (names.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                return (null, ApiProblem.Invalid("entity_types", $"'{ApiProblem.Shorten(name)}' is not an entity type; use {string.Join(", ", names)}."));
            }

            parsed.Add(Enum.Parse<EntityType>(known));
        }

        return (parsed, null);
    }
}

/// <summary>For the OpenAPI document: the string items of this list are the names of an enum.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ApiItemsAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}
