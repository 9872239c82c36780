using System.Collections;
using System.Reflection;
using KubeWise.Core;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>
/// Every configuration path the code binds: each options class of KubeWise.Core (a type named *Options with a
/// <c>SectionName</c> constant) and its public properties, nested classes expanded. Found by reflection, so an options
/// class added by any area is covered without touching this file.
/// </summary>
public static class OptionsCatalog
{
    public static IReadOnlyList<Type> OptionsTypes { get; } = typeof(KubeWiseCoreServiceCollectionExtensions).Assembly
        .GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal) && SectionName(t) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every <c>Section:Property</c> path (nested classes as <c>Section:Property:Sub</c>).</summary>
    public static IReadOnlyList<string> Paths() =>
        OptionsTypes.SelectMany(t => PathsOf(t, SectionName(t)!, depth: 0)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public static string? SectionName(Type type) =>
        type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? field.GetRawConstantValue() as string
            : null;

    private static IEnumerable<string> PathsOf(Type type, string prefix, int depth)
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

            if (IsNested(property.PropertyType) && depth < 4)
            {
                foreach (var nested in PathsOf(property.PropertyType, path, depth + 1))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsMutableCollection(Type type) =>
        !type.IsInterface && (typeof(IList).IsAssignableFrom(type) || typeof(IDictionary).IsAssignableFrom(type));

    private static bool IsNested(Type type) =>
        type.IsClass && type != typeof(string) && !IsCollection(type) && type.Namespace?.StartsWith("KubeWise", StringComparison.Ordinal) == true;
}
