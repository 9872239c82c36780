using System.CommandLine;
using KubeWise.Cli.Commands;

namespace KubeWise.Cli;

/// <summary>The <c>kubewise</c> command tree; tests invoke it in-process with their own writers.</summary>
public static class KubeWiseCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("KubeWise: finds anomalous Kubernetes workloads from Prometheus metrics and explains them.");
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(EventCommand.Create());
        root.Subcommands.Add(ApproveCommand.Create());
        root.Subcommands.Add(RejectCommand.Create());
        root.Subcommands.Add(ModeCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; usage errors exit 2 with the parser's message.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null, CancellationToken cancellationToken = default)
    {
        var invocation = new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
        };
        var parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                invocation.Error.WriteLine(parseError.Message);
            }

            invocation.Error.WriteLine("Run 'kubewise --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(invocation, cancellationToken);
    }
}
