using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace KubeWise.Cli;

/// <summary>
/// Logs are for people and go to stderr, so stdout carries only a command's result (a table or one JSON document).
/// At the default level a log entry is one line with the exception's message; <c>--verbose</c> adds Information
/// entries, each retry attempt and the stack traces.
/// </summary>
internal static class CliLogging
{
    public const string FormatterName = "kubewise";

    private static readonly AsyncLocal<bool> VerboseFlag = new();

    /// <summary>Set by <c>--verbose</c> for the command being run.</summary>
    public static bool Verbose
    {
        get => VerboseFlag.Value;
        set => VerboseFlag.Value = value;
    }

    public static ILoggingBuilder AddKubeWiseCliConsole(this ILoggingBuilder logging)
    {
        var verbose = Verbose;
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        if (!verbose)
        {
            // The resilience pipeline logs every attempt, the clients each failed call and the scan its failure; the
            // command reports a failed dependency once, as its result. --verbose shows all of it.
            logging.AddFilter("Polly", LogLevel.None);
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None);
            logging.AddFilter("KubeWise.Core.Metrics", LogLevel.Error);
            logging.AddFilter("KubeWise.Core.Scanning", LogLevel.Critical);
        }

        logging.AddConsole(o =>
        {
            o.FormatterName = FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        logging.AddConsoleFormatter<OneLineFormatter, ConsoleFormatterOptions>();
        logging.Services.Configure<OneLineFormatterSettings>(s => s.StackTraces = verbose);
        return logging;
    }

    internal sealed class OneLineFormatterSettings
    {
        public bool StackTraces { get; set; }
    }

    /// <summary><c>warning: message (exception message)</c>; the stack trace only with <c>--verbose</c>.</summary>
    private sealed class OneLineFormatter(IOptions<OneLineFormatterSettings> settings) : ConsoleFormatter(FormatterName)
    {
        public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
        {
            var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? string.Empty;
            var line = settings.Value.StackTraces
                ? $"{Label(logEntry.LogLevel)}: {logEntry.Category}: {Flatten(message)}"
                : $"{Label(logEntry.LogLevel)}: {Flatten(message)}";
            if (logEntry.Exception is { } exception)
            {
                line += settings.Value.StackTraces ? Environment.NewLine + exception : $" ({Flatten(exception.Message)})";
            }

            textWriter.WriteLine(line);
        }

        private static string Label(LogLevel level) => level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warning",
            LogLevel.Error => "error",
            _ => "critical",
        };

        private static string Flatten(string text) => text.ReplaceLineEndings(" ").Trim();
    }
}
