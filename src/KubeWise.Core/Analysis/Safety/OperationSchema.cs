namespace KubeWise.Core.Analysis;

/// <summary>Type of one operation parameter as the model sees it.</summary>
public enum ParameterKind
{
    String,
    Integer,
    Number,
    Boolean,
}

/// <summary>One parameter of a catalog operation.</summary>
public sealed record OperationParameter(
    string Name,
    ParameterKind Kind,
    bool Required,
    string Description,
    IReadOnlyList<string>? Enum = null,
    long? Minimum = null,
    long? Maximum = null);

/// <summary>A catalog operation as offered to the model (function declaration or structured-output enum).</summary>
public sealed record OperationSchema(string Name, string Description, IReadOnlyList<OperationParameter> Parameters);
