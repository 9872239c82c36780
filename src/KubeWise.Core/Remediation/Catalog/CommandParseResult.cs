using System.Diagnostics.CodeAnalysis;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>Why a command text was refused.</summary>
public enum CommandErrorCode
{
    Empty,
    TooLong,
    InvalidCharacters,
    UnknownOperation,
    MalformedArgument,
    UnknownParameter,
    DuplicateParameter,
    MissingParameter,
    InvalidValue,
    InvalidCombination,
}

/// <summary>A refusal with a reason a person understands, naming the parameter when one is at fault.</summary>
public sealed record CommandError(CommandErrorCode Code, string Reason, string? Parameter = null)
{
    public override string ToString() => Reason;
}

/// <summary>
/// The outcome of parsing untrusted command text (model output, API input): a typed command or an error, never an exception.
/// </summary>
public sealed record CommandParseResult
{
    private CommandParseResult(string input, RemediationCommand? command, CommandError? error)
    {
        Input = input;
        Command = command;
        Error = error;
    }

    /// <summary>What was parsed, as received (for the record of dropped proposals).</summary>
    public string Input { get; }

    public RemediationCommand? Command { get; }

    public CommandError? Error { get; }

    [MemberNotNullWhen(true, nameof(Command))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Command is not null;

    public static CommandParseResult Success(string input, RemediationCommand command) => new(input, command, null);

    public static CommandParseResult Failure(string input, CommandErrorCode code, string reason, string? parameter = null) =>
        new(input, null, new CommandError(code, reason, parameter));

    public override string ToString() => Succeeded ? Command.ToString() : $"rejected '{Input}': {Error.Reason}";
}
