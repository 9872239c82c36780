using System.Text.Json;

namespace KubeWise.Core.Analysis.Gemini.Wire;

// Shapes of the Gemini REST API (v1beta generateContent), shared by the Developer API and Vertex AI.
// Serialized with GeminiJson.Options: camelCase, nulls omitted.

public sealed record GenerateContentRequest(
    IReadOnlyList<Content> Contents,
    Content? SystemInstruction = null,
    GenerationConfig? GenerationConfig = null,
    IReadOnlyList<Tool>? Tools = null,
    ToolConfig? ToolConfig = null);

public sealed record Content(IReadOnlyList<Part> Parts, string? Role = null)
{
    public static Content User(string text) => new([new Part(Text: text)], "user");

    public static Content System(string text) => new([new Part(Text: text)]);
}

public sealed record Part(string? Text = null, FunctionCall? FunctionCall = null, bool? Thought = null);

public sealed record FunctionCall(string Name, JsonElement? Args = null);

public sealed record GenerationConfig(
    double? Temperature = null,
    int? MaxOutputTokens = null,
    string? ResponseMimeType = null,
    Schema? ResponseSchema = null,
    int? CandidateCount = null);

/// <summary>The OpenAPI subset Gemini accepts for <c>responseSchema</c> and function parameters.</summary>
public sealed record Schema(
    string Type,
    string? Description = null,
    IReadOnlyDictionary<string, Schema>? Properties = null,
    IReadOnlyList<string>? Required = null,
    IReadOnlyList<string>? Enum = null,
    Schema? Items = null,
    string? Format = null,
    IReadOnlyList<string>? PropertyOrdering = null,
    double? Minimum = null,
    double? Maximum = null)
{
    public const string Object = "OBJECT";
    public const string String = "STRING";
    public const string Array = "ARRAY";
    public const string Number = "NUMBER";
    public const string Integer = "INTEGER";
    public const string Boolean = "BOOLEAN";
}

public sealed record Tool(IReadOnlyList<FunctionDeclaration> FunctionDeclarations);

public sealed record FunctionDeclaration(string Name, string Description, Schema? Parameters = null);

public sealed record ToolConfig(FunctionCallingConfig FunctionCallingConfig);

public sealed record FunctionCallingConfig(string Mode, IReadOnlyList<string>? AllowedFunctionNames = null)
{
    public const string Any = "ANY";
}
