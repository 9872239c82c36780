using KubeWise.Core.Analysis.Gemini.Wire;

namespace KubeWise.Core.Analysis.Gemini;

/// <summary>
/// Turns a <c>generateContent</c> response into a <see cref="GeminiAnswer"/> or an explicit <see cref="GeminiException"/>.
/// Shared by every transport (Developer API, Vertex AI).
/// </summary>
public static class GeminiResponseReader
{
    public static TokenUsage UsageOf(GenerateContentResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var u = response.UsageMetadata;
        return u is null
            ? TokenUsage.Zero
            : new TokenUsage(u.PromptTokenCount ?? 0, u.CandidatesTokenCount ?? 0, u.TotalTokenCount ?? ((u.PromptTokenCount ?? 0) + (u.CandidatesTokenCount ?? 0)));
    }

    public static GeminiAnswer Read(GenerateContentResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var usage = UsageOf(response);
        if (!string.IsNullOrEmpty(response.PromptFeedback?.BlockReason))
        {
            throw new GeminiException(GeminiFailure.PromptBlocked,
                $"Gemini blocked the prompt (blockReason {response.PromptFeedback.BlockReason}).", usage);
        }

        var candidate = response.Candidates?.FirstOrDefault()
            ?? throw new GeminiException(GeminiFailure.EmptyCandidates, "Gemini returned no candidates.", usage);

        var finish = candidate.FinishReason;
        if (finish is not null && finish != FinishReasons.Stop)
        {
            var failure = finish switch
            {
                FinishReasons.Safety => GeminiFailure.Safety,
                FinishReasons.MaxTokens => GeminiFailure.MaxTokens,
                FinishReasons.Recitation => GeminiFailure.Recitation,
                FinishReasons.MalformedFunctionCall => GeminiFailure.MalformedFunctionCall,
                _ => GeminiFailure.UnexpectedFinish,
            };
            throw new GeminiException(failure, $"Gemini stopped with finishReason {finish}; the answer is not used.", usage);
        }

        var parts = (candidate.Content?.Parts ?? []).Where(p => p.Thought != true).ToArray();
        var text = string.Concat(parts.Select(p => p.Text ?? string.Empty));
        var calls = parts.Where(p => p.FunctionCall is not null).Select(p => p.FunctionCall!).ToArray();
        if (calls.Length == 0 && string.IsNullOrWhiteSpace(text))
        {
            throw new GeminiException(GeminiFailure.EmptyCandidates, "Gemini's candidate has no text and no function call.", usage);
        }

        return new GeminiAnswer(text, calls, usage, response.ModelVersion);
    }
}
