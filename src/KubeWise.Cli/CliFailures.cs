using System.Text.RegularExpressions;
using KubeWise.Core.Configuration;
using KubeWise.Core.Kubernetes;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli;

/// <summary>
/// Turns a failure that escaped a command into one line for the person at the terminal: what is wrong, which setting
/// or dependency, and what to do. Stack traces only with <c>--verbose</c>.
/// </summary>
internal static partial class CliFailures
{
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        switch (exception)
        {
            case OptionsValidationException invalid:
                error.WriteLine("error: invalid configuration:");
                foreach (var failure in invalid.Failures)
                {
                    error.WriteLine($"  - {failure}");
                }

                error.WriteLine("Fix the setting (environment variable or appsettings.json); 'kubewise config' shows every setting.");
                break;
            case InvalidOperationException when ConversionFailure().Match(exception.Message) is { Success: true } match:
                error.WriteLine($"error: setting {Describe(match.Groups["path"].Value)} {Expectation(match)}. " +
                                "Fix the environment variable or appsettings.json; 'kubewise config' shows every setting.");
                break;
            case InvalidSettingException setting:
                error.WriteLine($"error: {setting.Message}");
                break;
            case KubernetesNotConfiguredException notConfigured:
                error.WriteLine($"error: {notConfigured.Message}");
                break;
            case HttpRequestException unreachable:
                error.WriteLine($"error: a dependency could not be reached: {unreachable.Message}. Check the URL and that the service is up.");
                break;
            case OperationCanceledException:
                error.WriteLine("error: cancelled.");
                break;
            default:
                error.WriteLine($"error: unexpected failure ({exception.GetType().Name}): {exception.Message.ReplaceLineEndings(" ")}");
                if (!verbose)
                {
                    error.WriteLine("Run the command again with --verbose to see the stack trace.");
                }

                break;
        }

        if (verbose)
        {
            error.WriteLine(exception);
        }

        return ExitCodes.Failure;
    }

    /// <summary>The options path and, where it has one, the original name users set (e.g. ANOMALY_SCORE_THRESHOLD).</summary>
    private static string Describe(string path)
    {
        var seed = SeedSettings.All.FirstOrDefault(s => string.Equals(s.OptionsPath, path, StringComparison.OrdinalIgnoreCase));
        return seed is null ? path : $"{seed.SeedName} ({path})";
    }

    private static string Expectation(Match match)
    {
        var value = match.Groups["value"].Success ? $"'{match.Groups["value"].Value}'" : "its value";
        var typeName = match.Groups["type"].Value;
        var type = Type.GetType(typeName) ?? AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(typeName, throwOnError: false))
            .FirstOrDefault(t => t is not null);
        return $"is {value}, which is not {(type is null ? $"a {typeName.Split('.')[^1]}" : SettingExpectations.For(type))}";
    }

    // ConfigurationBinder: "Failed to convert configuration value 'abc' at 'Detection:ScoreThreshold' to type 'System.Double'."
    // (older runtimes omit the value).
    [GeneratedRegex(@"^Failed to convert configuration value (?:'(?<value>[^']*)' )?at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
