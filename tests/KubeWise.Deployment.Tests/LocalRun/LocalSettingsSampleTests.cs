using System.Text.Json.Nodes;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Deployment.Tests.LocalRun;

public class LocalSettingsSampleTests
{
    private static JsonNode Sample() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")))!;

    private static JsonObject Values() => Sample()["Values"]!.AsObject();

    /// <summary>
    /// Options whose default is "not set" (credentials, optional files): listed with a description beside Values, since
    /// any value in Values — even "" — would set them. The host and run-local.sh read only Values.
    /// </summary>
    private static JsonObject UnsetByDefault() => Sample()["UnsetByDefault"]!.AsObject();

    /// <summary>A key as an options path: the host and the CLI read <c>A__B</c> and <c>A:B</c> alike.</summary>
    private static string Normalize(string key) => key.Replace("__", ":", StringComparison.Ordinal);

    [Fact]
    public void SettingsCatalog_FindsTheFoundationsOptions()
    {
        // Guards the reflection below: if it found nothing, the coverage test would pass vacuously.
        var sections = SettingsCatalog.OptionsTypes.Select(SettingsCatalog.SectionName).ToList();
        Assert.Contains("Prometheus", sections);
        Assert.Contains("Detection", sections);
        Assert.Contains("Detection:Trees", SettingsCatalog.Paths());
    }

    [Fact]
    public void Sample_ListsEveryOptionOfEveryOptionsClass_OrItsSeedName()
    {
        var keys = Values().Concat(UnsetByDefault()).Select(v => Normalize(v.Key)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var seedAliasOf = SeedSettings.All.ToDictionary(s => s.OptionsPath, s => s.SeedName, StringComparer.OrdinalIgnoreCase);

        var missing = SettingsCatalog.Paths()
            .Where(path => !keys.Contains(path)
                && !keys.Any(k => k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase))
                && !(seedAliasOf.TryGetValue(path, out var seed) && keys.Contains(seed)))
            .ToList();

        Assert.True(missing.Count == 0, "local.settings.sample.json lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void UnsetByDefault_ListsOnlyOptionsWhoseDefaultIsUnset_EachWithADescription()
    {
        var defaults = SettingsCatalog.OptionsTypes.ToDictionary(t => SettingsCatalog.SectionName(t)!, Activator.CreateInstance, StringComparer.OrdinalIgnoreCase);

        Assert.All(UnsetByDefault(), entry =>
        {
            var path = Normalize(entry.Key).Split(':');
            var section = defaults.Keys.Where(k => Normalize(entry.Key).StartsWith(k + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(k => k.Length);
            Assert.True(section is not null, $"{entry.Key} belongs to no options class");
            object? value = defaults[section];
            foreach (var name in path[section.Split(':').Length..])
            {
                var property = value!.GetType().GetProperty(name);
                Assert.True(property is not null, $"{entry.Key}: no property {name}");
                value = property.GetValue(value);
            }

            Assert.Null(value);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value?.GetValue<string>()), $"{entry.Key} needs a description");
            Assert.False(Values().ContainsKey(entry.Key), $"{entry.Key} is both set and unset");
        });
    }

    [Fact]
    public void Sample_EveryValueIsAString_AsTheFunctionsHostRequires()
    {
        Assert.All(Values(), v => Assert.True(v.Value is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String, $"{v.Key} is not a string"));
    }

    [Fact]
    public void Sample_GivesTheEmbeddedDefaults()
    {
        var values = Values();

        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("MANUAL", values["REMEDIATION_MODE"]!.GetValue<string>());
        Assert.Equal("http://localhost:9090", values["PROMETHEUS_URL"]!.GetValue<string>());
        Assert.Equal(string.Empty, values["MONGODB_ATLAS_URI"]!.GetValue<string>());
        Assert.Equal(string.Empty, values["GEMINI_API_KEY"]!.GetValue<string>());
    }

    private static ServiceProvider SampleServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Values().Select(v => KeyValuePair.Create(Normalize(v.Key), (string?)v.Value!.GetValue<string>())))
            .AddSeedAliases()
            .Build();
        return new ServiceCollection().AddLogging().AddKubeWiseCore(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Sample_StatesTheDefaultOfEveryOption()
    {
        // The sample runs KubeWise with its embedded defaults, so binding it must change nothing: this also catches
        // a value that binds differently than it reads (an empty list entry, a misspelled enum).
        using var services = SampleServices();
        var json = new System.Text.Json.JsonSerializerOptions { IgnoreReadOnlyProperties = true };

        foreach (var type in SettingsCatalog.OptionsTypes)
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(type);
            var bound = optionsType.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(optionsType))!;
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(Activator.CreateInstance(type), type, json),
                System.Text.Json.JsonSerializer.Serialize(bound, type, json));
        }
    }

    [Fact]
    public void Sample_BindsAndPassesStartupValidation()
    {
        using var services = SampleServices();

        var validation = Record.Exception(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Null(validation);
    }
}
