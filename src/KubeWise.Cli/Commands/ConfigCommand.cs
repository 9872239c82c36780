using System.CommandLine;
using System.ComponentModel;
using System.Text.Json;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli.Commands;

/// <summary>
/// <c>kubewise config</c>: every setting with the environment variable that sets it, its effective value and where that
/// value came from, then the same validation the app runs at start-up. Invalid values are listed with what is allowed.
/// </summary>
internal static class ConfigCommand
{
    private static readonly string[] SecretMarkers = ["Key", "ConnectionString", "Password", "Token", "Secret"];
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal sealed record Row(string EnvironmentVariable, string Path, string Value, string Source);

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "table or json.", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("config", "Show every setting (environment variable, options path, effective value, source) and validate them.") { output };
        command.SetAction((parse, _) => Task.FromResult(Run(parse.GetValue(output) ?? "table", parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));
        return command;
    }

    internal static int Run(string format, TextWriter output, TextWriter error)
    {
        var configuration = CliHost.BuildConfiguration();
        var rows = SettingsCatalog.All.Select(s => ToRow(s, configuration)).ToList();
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(rows, Json));
        }
        else
        {
            WriteTable(rows, output);
        }

        var invalid = SettingsCatalog.All.SelectMany(s => Invalid(s, configuration)).ToList();
        if (invalid.Count > 0)
        {
            error.WriteLine($"error: {invalid.Count} setting(s) cannot be used:");
            invalid.ForEach(line => error.WriteLine($"  - {line}"));
            return ExitCodes.Failure;
        }

        try
        {
            using var services = CliHost.BuildServices(configuration);
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine("error: invalid configuration:");
            foreach (var failure in ex.Failures)
            {
                error.WriteLine($"  - {failure}");
            }

            return ExitCodes.Failure;
        }

        if (format != "json")
        {
            output.WriteLine("Configuration is valid.");
        }

        return ExitCodes.Ok;
    }

    private static Row ToRow(SettingDescriptor setting, IConfigurationRoot configuration)
    {
        var section = configuration.GetSection(setting.Path);
        var children = section.GetChildren().Where(c => c.Value is not null).Select(c => c.Value!).ToList();
        var source = Source(setting, configuration);
        string value;
        if (source is null)
        {
            value = setting.Default ?? "(unset)";
        }
        else if (SecretMarkers.Any(m => setting.Path.Contains(m, StringComparison.Ordinal)))
        {
            value = "***";
        }
        else
        {
            value = section.Value ?? string.Join(", ", children);
        }

        return new Row(setting.EnvironmentVariable, setting.Path, value, source ?? "default");
    }

    /// <summary>Which source set the value: the last provider that has it wins, as in the binder.</summary>
    private static string? Source(SettingDescriptor setting, IConfigurationRoot configuration)
    {
        foreach (var provider in configuration.Providers.Reverse())
        {
            var has = provider.TryGet(setting.Path, out _) || provider.GetChildKeys([], setting.Path).Any();
            if (!has)
            {
                continue;
            }

            return provider switch
            {
                SeedAliasProvider => $"environment ({setting.SeedName})",
                EnvironmentVariablesConfigurationProvider => "environment",
                JsonConfigurationProvider json => $"file ({json.Source.Path})",
                MemoryConfigurationProvider => "option",
                _ => provider.ToString(),
            };
        }

        return null;
    }

    /// <summary>A set value the binder could not convert, with what the setting accepts.</summary>
    private static IEnumerable<string> Invalid(SettingDescriptor setting, IConfiguration configuration)
    {
        var value = configuration[setting.Path];
        var type = Nullable.GetUnderlyingType(setting.Type) ?? setting.Type;
        if (value is null || type == typeof(string) || !IsScalar(type))
        {
            yield break;
        }

        bool ok;
        if (type.IsEnum)
        {
            ok = Enum.TryParse(type, value, ignoreCase: true, out _) && !long.TryParse(value, out _);
        }
        else
        {
            try
            {
                ok = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value) is not null;
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException)
            {
                ok = false;
            }
        }

        if (!ok)
        {
            var name = setting.SeedName is null ? setting.Path : $"{setting.SeedName} ({setting.Path})";
            yield return $"{name} is '{value}', which is not {SettingExpectations.For(type)}";
        }
    }

    private static bool IsScalar(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static void WriteTable(List<Row> rows, TextWriter output)
    {
        Table.Write(output, ["ENVIRONMENT VARIABLE", "OPTIONS PATH", "VALUE", "SOURCE"],
            rows.Select(r => new[] { r.EnvironmentVariable, r.Path, Shorten(r.Value), r.Source }).ToList());
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
