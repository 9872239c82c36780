using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// A catalog command as data: its operation and its arguments as JSON values (strings, whole numbers, booleans;
/// quantities as their Kubernetes form). This is what events and workflow steps carry; the seed's text form
/// (<see cref="RemediationCommand.ToString"/>) is printed from it for people and approvals, never read back.
/// <see cref="RemediationCatalog.Build(CommandData)"/> turns it into a command again, validated against today's catalog.
/// </summary>
public sealed record CommandData
{
    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    [JsonPropertyName("arguments")]
    public IReadOnlyDictionary<string, JsonElement> Arguments { get; init; } = new Dictionary<string, JsonElement>();

    public static CommandData Of(RemediationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new CommandData
        {
            Operation = command.Operation.Name,
            Arguments = command.Arguments.ToDictionary(a => a.Key, a => Value(a.Value), StringComparer.Ordinal),
        };
    }

    /// <summary>Equal when the operation and every argument's JSON value are.</summary>
    public bool Equals(CommandData? other) =>
        other is not null
        && string.Equals(Operation, other.Operation, StringComparison.Ordinal)
        && Arguments.Count == other.Arguments.Count
        && Arguments.All(a => other.Arguments.TryGetValue(a.Key, out var value) && JsonElement.DeepEquals(a.Value, value));

    public override int GetHashCode() => HashCode.Combine(Operation, Arguments.Count);

    private static JsonElement Value(object value) => value switch
    {
        bool b => JsonSerializer.SerializeToElement(b, CommandDataJson.Default.Boolean),
        long l => JsonSerializer.SerializeToElement(l, CommandDataJson.Default.Int64),
        int i => JsonSerializer.SerializeToElement((long)i, CommandDataJson.Default.Int64),
        Quantity q => JsonSerializer.SerializeToElement(q.Text, CommandDataJson.Default.String),
        string s => JsonSerializer.SerializeToElement(s, CommandDataJson.Default.String),
        _ => throw new ArgumentException($"A command argument of type {value.GetType().Name} has no JSON form.", nameof(value)),
    };
}

[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
internal sealed partial class CommandDataJson : JsonSerializerContext;
