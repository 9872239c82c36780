using System.CommandLine;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise config</c>: the effective value of every seed setting, validated as the app would at start-up.</summary>
internal static class ConfigCommand
{
    private static readonly string[] SecretMarkers = ["Key", "ConnectionString", "Password", "Token", "Secret"];

    public static Command Create()
    {
        var command = new Command("config", "Show every setting (seed name, options path, effective value) and validate them.");
        command.SetAction((parse, _) => Task.FromResult(Run(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)));
        return command;
    }

    internal static int Run(TextWriter output, TextWriter error)
    {
        var configuration = CliHost.BuildConfiguration();
        output.WriteLine($"{"SEED NAME",-36} {"OPTIONS PATH",-34} VALUE");
        foreach (var setting in SeedSettings.All)
        {
            var section = configuration.GetSection(setting.OptionsPath);
            var value = section.Value ?? (section.GetChildren().Any()
                ? string.Join(", ", section.GetChildren().Select(c => c.Value))
                : $"{setting.Default} (default)");
            if (section.Value is { Length: > 0 } && SecretMarkers.Any(m => setting.OptionsPath.Contains(m, StringComparison.Ordinal)))
            {
                value = "***";
            }

            output.WriteLine($"{setting.SeedName,-36} {setting.OptionsPath,-34} {value}");
        }

        try
        {
            using var services = CliHost.BuildServices(configuration);
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine("Invalid configuration:");
            foreach (var failure in ex.Failures)
            {
                error.WriteLine($"  - {failure}");
            }

            return ExitCodes.Failure;
        }

        output.WriteLine("Configuration is valid.");
        return ExitCodes.Ok;
    }
}
