using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>
/// The closed set of operations KubeWise can run, and the only way untrusted text or model output becomes a command.
/// Every parse returns a <see cref="CommandParseResult"/>; nothing here throws on bad input.
/// </summary>
public sealed class RemediationCatalog
{
    /// <summary>Longer command texts are refused before any other check.</summary>
    public const int MaxCommandLength = 1024;

    /// <summary>The built-in operations in listing order.</summary>
    public static IReadOnlyList<OperationDescriptor> BuiltIn { get; } =
    [
        RestartDeploymentCommand.Descriptor,
        RestartStatefulSetCommand.Descriptor,
        RestartDaemonSetCommand.Descriptor,
        ScaleDeploymentCommand.Descriptor,
        ScaleStatefulSetCommand.Descriptor,
        DeletePodCommand.Descriptor,
        SetResourcesCommand.Descriptor,
        CordonNodeCommand.Descriptor,
        UncordonNodeCommand.Descriptor,
        DrainNodeCommand.Descriptor,
        RollbackDeploymentCommand.Descriptor,
    ];

    private readonly Dictionary<string, OperationDescriptor> byName;

    public RemediationCatalog(IOptions<RemediationCatalogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var custom = new List<CustomOperation>();
        foreach (var definition in options.Value.CustomOperations)
        {
            custom.Add(CustomOperation.TryCreate(definition, out var errors)
                ?? throw new OptionsValidationException(RemediationCatalogOptions.SectionName, typeof(RemediationCatalogOptions), errors));
        }

        CustomOperations = custom;
        Operations = [.. BuiltIn, .. custom.Select(c => c.Descriptor)];
        byName = Operations.ToDictionary(o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>A catalog of the built-in operations only.</summary>
    public RemediationCatalog()
        : this(Options.Create(new RemediationCatalogOptions()))
    {
    }

    /// <summary>Every operation: built-in first, then user-defined.</summary>
    public IReadOnlyList<OperationDescriptor> Operations { get; }

    public IReadOnlyList<CustomOperation> CustomOperations { get; }

    public OperationDescriptor? Find(string operation) => byName.GetValueOrDefault(operation);

    /// <summary>Parses the seed's text form, e.g. <c>scale_deployment name=web ns=shop replicas=3</c>.</summary>
    public CommandParseResult Parse(string? text)
    {
        var input = text ?? string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return CommandParseResult.Failure(input, CommandErrorCode.Empty, "the command is empty");
        }

        if (input.Length > MaxCommandLength)
        {
            return CommandParseResult.Failure(input, CommandErrorCode.TooLong, $"the command is longer than {MaxCommandLength} characters");
        }

        // One command per text: newlines, quotes and control characters have no meaning here and could hide a second command.
        var bad = input.FirstOrDefault(c => c is not (' ' or '\t') && (c < '!' || c > '~' || c is '"' or '\'' or '`' or ';' or '|' or '&' or '$'));
        if (bad != default)
        {
            return CommandParseResult.Failure(
                input, CommandErrorCode.InvalidCharacters, $"the command contains a character that is not allowed (U+{(int)bad:X4})");
        }

        var tokens = input.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (!byName.ContainsKey(tokens[0]))
        {
            return UnknownOperation(input, tokens[0]);
        }

        var arguments = new List<KeyValuePair<string, string>>();
        foreach (var token in tokens.Skip(1))
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == token.Length - 1)
            {
                return CommandParseResult.Failure(
                    input, CommandErrorCode.MalformedArgument, $"argument '{token}' is not of the form key=value");
            }

            arguments.Add(new(token[..equals], token[(equals + 1)..]));
        }

        return Build(input, tokens[0], arguments);
    }

    /// <summary>
    /// Parses a structured proposal: a Gemini function call (<paramref name="operation"/> = its name, <paramref name="arguments"/> = its
    /// <c>args</c>). Strings, whole numbers and booleans are accepted as values; null means "not given".
    /// </summary>
    public CommandParseResult Parse(string? operation, JsonObject? arguments)
    {
        var input = $"{operation} {arguments?.ToJsonString() ?? "{}"}";
        if (input.Length > MaxCommandLength)
        {
            return CommandParseResult.Failure(input, CommandErrorCode.TooLong, $"the command is longer than {MaxCommandLength} characters");
        }

        if (string.IsNullOrWhiteSpace(operation))
        {
            return CommandParseResult.Failure(input, CommandErrorCode.Empty, "the command names no operation");
        }

        var values = new List<KeyValuePair<string, string>>();
        foreach (var (key, node) in arguments ?? [])
        {
            if (node is null)
            {
                continue;
            }

            if (node is not JsonValue value || !TryScalar(value, out var text))
            {
                return CommandParseResult.Failure(
                    input, CommandErrorCode.InvalidValue, $"parameter '{key}' must be a string, whole number or boolean", key);
            }

            values.Add(new(key, text));
        }

        return Build(input, operation, values);
    }

    /// <summary>
    /// The command <paramref name="data"/> describes (an event's or a workflow step's typed command), checked against
    /// the catalog as it is now: an operation removed from the configuration since then is refused, not guessed at.
    /// </summary>
    public CommandParseResult Build(CommandData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var arguments = new JsonObject();
        foreach (var (name, value) in data.Arguments)
        {
            arguments[name] = JsonValue.Create(value);
        }

        return Parse(data.Operation, arguments);
    }

    /// <summary>
    /// Parses one item of the structured-output command list (<see cref="CatalogSchemas.CommandItemSchema"/>):
    /// <c>{"operation": "scale_deployment", "name": "web", "ns": "shop", "replicas": 3}</c>.
    /// </summary>
    public CommandParseResult ParseItem(JsonNode? item)
    {
        if (item is not JsonObject obj)
        {
            return CommandParseResult.Failure(item?.ToJsonString() ?? "null", CommandErrorCode.MalformedArgument, "the command is not a JSON object");
        }

        var operation = obj["operation"] is JsonValue op && op.TryGetValue<string>(out var name) ? name : null;
        var arguments = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key != "operation")
            {
                arguments[key] = value?.DeepClone();
            }
        }

        return Parse(operation, arguments);
    }

    private CommandParseResult Build(string input, string operation, List<KeyValuePair<string, string>> arguments)
    {
        if (!byName.TryGetValue(operation, out var descriptor))
        {
            return UnknownOperation(input, operation);
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, raw) in arguments)
        {
            var spec = descriptor.Parameters.FirstOrDefault(p => p.Name == key);
            if (spec is null)
            {
                return CommandParseResult.Failure(
                    input, CommandErrorCode.UnknownParameter,
                    $"{operation} has no parameter '{Shorten(key)}' (parameters: {string.Join(", ", descriptor.Parameters.Select(p => p.Name))})", key);
            }

            if (values.ContainsKey(key))
            {
                return CommandParseResult.Failure(input, CommandErrorCode.DuplicateParameter, $"parameter '{key}' is given more than once", key);
            }

            if (!spec.TryConvert(raw, out var value, out var error))
            {
                return CommandParseResult.Failure(input, CommandErrorCode.InvalidValue, $"{key}='{Shorten(raw)}' {error}", key);
            }

            values[key] = value!;
        }

        var missing = descriptor.Parameters.FirstOrDefault(p => p.Required && !values.ContainsKey(p.Name));
        if (missing is not null)
        {
            return CommandParseResult.Failure(
                input, CommandErrorCode.MissingParameter, $"{operation} needs parameter '{missing.Name}' ({missing.Description})", missing.Name);
        }

        var built = descriptor.Create(new ArgumentValues(values));
        return built.Command is null
            ? CommandParseResult.Failure(input, CommandErrorCode.InvalidCombination, built.Error ?? "the arguments do not fit together")
            : CommandParseResult.Success(input, built.Command);
    }

    private CommandParseResult UnknownOperation(string input, string operation) => CommandParseResult.Failure(
        input, CommandErrorCode.UnknownOperation, $"'{Shorten(operation)}' is not an operation KubeWise can run (known: {string.Join(", ", byName.Keys)})");

    private static bool TryScalar(JsonValue value, out string text)
    {
        text = string.Empty;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                text = value.GetValue<string>();
                return true;
            case JsonValueKind.Number when value.TryGetValue<long>(out var number):
                text = number.ToString(CultureInfo.InvariantCulture);
                return true;
            case JsonValueKind.Number when value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < 1e15:
                text = ((long)real).ToString(CultureInfo.InvariantCulture);
                return true;
            case JsonValueKind.True:
                text = "true";
                return true;
            case JsonValueKind.False:
                text = "false";
                return true;
            default:
                return false;
        }
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..61] + "...";
}
