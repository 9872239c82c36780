using Microsoft.Extensions.Configuration;

namespace KubeWise.Core.Configuration;

public static class SeedConfigurationExtensions
{
    /// <summary>
    /// Adds the seed's configuration names (<see cref="SeedSettings"/>) as aliases of their options paths.
    /// An options path set explicitly wins over its alias, so a deliberate setting is never overridden.
    /// Call it after every other source has been added.
    /// </summary>
    public static IConfigurationBuilder AddSeedAliases(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // ConfigurationManager is both builder and configuration; anything else is built once for the snapshot.
        var current = builder as IConfiguration ?? builder.Build();
        return builder.Add(new SeedAliasSource(ResolveAliases(current)));
    }

    /// <summary>The entries the seed names set in <paramref name="configuration"/>, keyed by options path.</summary>
    public static Dictionary<string, string?> ResolveAliases(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var entries = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in SeedSettings.All)
        {
            var value = configuration[setting.SeedName];
            if (string.IsNullOrWhiteSpace(value) || IsExplicitlySet(configuration, setting.OptionsPath))
            {
                continue;
            }

            foreach (var entry in setting.ToEntries(value))
            {
                entries[entry.Key] = entry.Value;
            }
        }

        return entries;
    }

    private static bool IsExplicitlySet(IConfiguration configuration, string path)
    {
        var section = configuration.GetSection(path);
        return section.Value is not null || section.GetChildren().Any();
    }
}

/// <summary>The entries set through original configuration names; its own type so tools can tell where a value came from.</summary>
public sealed class SeedAliasSource(IDictionary<string, string?> entries) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SeedAliasProvider(entries);
}

/// <summary>Serves the entries of a <see cref="SeedAliasSource"/>.</summary>
public sealed class SeedAliasProvider : ConfigurationProvider
{
    public SeedAliasProvider(IDictionary<string, string?> entries) =>
        Data = new Dictionary<string, string?>(entries, StringComparer.OrdinalIgnoreCase);
}
