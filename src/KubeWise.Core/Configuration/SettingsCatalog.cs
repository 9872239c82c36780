using System.Collections;
using System.Globalization;
using System.Reflection;

namespace KubeWise.Core.Configuration;

/// <summary>One setting the code binds: its options path, type, default and, where it has one, its original name.</summary>
/// <param name="Path">The options path, e.g. <c>Detection:Trees</c> (environment variable <c>Detection__Trees</c>).</param>
/// <param name="Type">The bound property's type.</param>
/// <param name="Default">The default as text; null when unset by default.</param>
/// <param name="SeedName">The original configuration name that sets it too, e.g. <c>ANOMALY_SCORE_THRESHOLD</c>.</param>
public sealed record SettingDescriptor(string Path, Type Type, string? Default, string? SeedName)
{
    /// <summary>The environment variable that sets it: the original name where there is one, else <c>Section__Key</c>.</summary>
    public string EnvironmentVariable => SeedName ?? Path.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>
/// Every configuration path KubeWise.Core binds: each options class (a type named *Options with a <c>SectionName</c>
/// constant) and its public properties, nested classes expanded. Found by reflection, so a new options class is listed
/// by <c>kubewise config</c> and checked by the tests without touching this file.
/// </summary>
public static class SettingsCatalog
{
    private const int MaxDepth = 4;

    public static IReadOnlyList<Type> OptionsTypes { get; } = typeof(SettingsCatalog).Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal) && SectionName(t) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every setting, in options-class order, each path once.</summary>
    public static IReadOnlyList<SettingDescriptor> All { get; } = Build();

    /// <summary>Every <c>Section:Property</c> path (nested classes as <c>Section:Property:Sub</c>).</summary>
    public static IReadOnlyList<string> Paths() => All.Select(s => s.Path).ToList();

    public static string? SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;

    private static List<SettingDescriptor> Build()
    {
        var seeds = SeedSettings.All.ToDictionary(s => s.OptionsPath, s => s.SeedName, StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var settings = new List<SettingDescriptor>();
        foreach (var type in OptionsTypes)
        {
            foreach (var (path, property, owner) in PropertiesOf(type, SectionName(type)!, Activator.CreateInstance(type), depth: 0))
            {
                if (seen.Add(path))
                {
                    settings.Add(new SettingDescriptor(path, property.PropertyType, Format(owner is null ? null : property.GetValue(owner)),
                        seeds.GetValueOrDefault(path)));
                }
            }
        }

        return settings;
    }

    private static IEnumerable<(string Path, PropertyInfo Property, object? Owner)> PropertiesOf(Type type, string prefix, object? instance, int depth)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null)
            {
                continue;
            }

            var path = $"{prefix}:{property.Name}";
            // Without a public setter the binder can only fill a mutable instance; a computed view is not a setting.
            var bindable = property.SetMethod?.IsPublic == true || IsMutableCollection(property.PropertyType) || IsNested(property.PropertyType);
            if (!bindable)
            {
                continue;
            }

            if (IsNested(property.PropertyType) && depth < MaxDepth)
            {
                var nested = instance is null ? null : property.GetValue(instance) ?? CreateOrNull(property.PropertyType);
                foreach (var inner in PropertiesOf(property.PropertyType, path, nested, depth + 1))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (path, property, instance);
            }
        }
    }

    private static object? CreateOrNull(Type type) =>
        type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);

    private static string? Format(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary { Count: 0 } or ICollection { Count: 0 } => null,
        IDictionary d => string.Join(", ", d.Keys.Cast<object>().Select(k => $"{k}={Format(d[k])}")),
        IEnumerable e => string.Join(", ", e.Cast<object?>().Select(Format)),
        _ => value.ToString(),
    };

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsMutableCollection(Type type) =>
        !type.IsInterface && (typeof(IList).IsAssignableFrom(type) || typeof(IDictionary).IsAssignableFrom(type));

    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !IsCollection(type) && type.Namespace?.StartsWith("KubeWise", StringComparison.Ordinal) == true;
}
