using KubeWise.Core.Analysis.Gemini.Wire;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>Catalog operation schemas in Gemini's OpenAPI subset.</summary>
internal static class SchemaTranslator
{
    public static Schema Parameter(OperationParameter p) => new(
        p.Kind switch
        {
            ParameterKind.Integer => Schema.Integer,
            ParameterKind.Number => Schema.Number,
            ParameterKind.Boolean => Schema.Boolean,
            _ => Schema.String,
        },
        Description: p.Description,
        Enum: p.Enum is { Count: > 0 } ? p.Enum : null,
        Minimum: p.Minimum,
        Maximum: p.Maximum);

    /// <summary>The parameters of one operation as an OBJECT schema (function declarations).</summary>
    public static Schema Parameters(OperationSchema operation)
    {
        var properties = operation.Parameters.ToDictionary(p => p.Name, Parameter, StringComparer.Ordinal);
        var required = operation.Parameters.Where(p => p.Required).Select(p => p.Name).ToArray();
        return new Schema(Schema.Object, Properties: properties, Required: required.Length > 0 ? required : null,
            PropertyOrdering: operation.Parameters.Select(p => p.Name).ToArray());
    }
}
