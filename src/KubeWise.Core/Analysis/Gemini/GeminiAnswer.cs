using KubeWise.Core.Analysis.Gemini.Wire;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>A usable answer: the candidate's text and function calls, with the tokens the call used.</summary>
public sealed record GeminiAnswer(string Text, IReadOnlyList<FunctionCall> FunctionCalls, TokenUsage Usage, string? ModelVersion);
