using System.CommandLine;
using KubeWise.Cli.Commands;

namespace KubeWise.Cli;

/// <summary>The <c>kubewise</c> command tree; tests invoke it in-process with their own writers.</summary>
public static class KubeWiseCli
{
    /// <summary>On every command: Information logs, each retry attempt and stack traces, all on stderr.</summary>
    internal static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log more (to stderr), including each retry and stack traces.",
        Recursive = true,
    };

    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("KubeWise: finds anomalous Kubernetes workloads from Prometheus metrics and explains them.");
        root.Options.Add(Verbose);
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(EventCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(RejectCommand.Create());
        root.Subcommands.Add(ModeCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(HelpCommand.Create(root));
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>; usage errors exit 2 with the parser's message, and a failure that escapes
    /// a command is one line on stderr (exit 1), with the stack trace only under <c>--verbose</c>.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var invocation = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            EnableDefaultExceptionHandler = false,
        };
        var parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                invocation.Error.WriteLine(parseError.Message);
            }

            invocation.Error.WriteLine("Run 'kubewise help' for usage.");
            return ExitCodes.Usage;
        }

        CliLogging.Verbose = parse.GetValue(Verbose);
        if (parse.CommandResult.Command.Name == "run")
        {
            // SIGTERM/Ctrl-C cancel the token and `kubewise run` stops in order (API, timers, worker, sidecar,
            // Azurite); the default two seconds would end the process half-way.
            invocation.ProcessTerminationTimeout = RunCommand.TerminationTimeout;
        }

        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return CliFailures.Report(e, invocation.Error, CliLogging.Verbose);
        }
    }
}
