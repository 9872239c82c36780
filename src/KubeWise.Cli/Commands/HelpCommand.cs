using System.CommandLine;

namespace KubeWise.Cli.Commands;

/// <summary><c>kubewise help [command]</c>: the same text as <c>kubewise [command] --help</c>.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var name = new Argument<string?>("command") { Description = "The command to describe.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("help", "Show help for kubewise or one of its commands.") { name };
        command.SetAction((parse, cancellationToken) =>
        {
            var target = parse.GetValue(name);
            if (target is not null && root.Subcommands.All(c => c.Name != target))
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"help: unknown command '{target}'. Commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))}.");
                return Task.FromResult(ExitCodes.Usage);
            }

            string[] args = target is null ? ["--help"] : [target, "--help"];
            return root.Parse(args).InvokeAsync(parse.InvocationConfiguration, cancellationToken);
        });
        return command;
    }
}
