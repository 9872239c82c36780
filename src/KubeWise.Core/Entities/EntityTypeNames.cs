namespace KubeWise.Core.Entities;

/// <summary>The one mapping between <see cref="EntityType"/> and its name in events and text forms (the enum name, lower case).</summary>
public static class EntityTypeNames
{
    private static readonly Dictionary<string, EntityType> ByName =
        Enum.GetValues<EntityType>().ToDictionary(Of, t => t, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string Of(EntityType type) => type switch
    {
        EntityType.Deployment => "deployment",
        EntityType.StatefulSet => "statefulset",
        EntityType.DaemonSet => "daemonset",
        EntityType.Job => "job",
        EntityType.CronJob => "cronjob",
        EntityType.Node => "node",
        EntityType.ControlPlane => "controlplane",
        EntityType.Pod => "pod",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Case-insensitive, as events written by hand or by older tools may capitalise it.</summary>
    public static bool TryParse(string? name, out EntityType type) => ByName.TryGetValue(name ?? string.Empty, out type);
}
