namespace KubeWise.Testing.Gemini;

/// <summary>Gemini's structured-output answers to KubeWise's analysis prompt, for the fake server to give.</summary>
public static class GeminiAnalyses
{
    /// <summary>A HIGH-severity analysis of crash-looping Deployment <paramref name="deployment"/> suggesting <paramref name="commands"/> (catalog operation and arguments).</summary>
    public static FakeGeminiReply CrashLoop(string deployment, params object[] commands) =>
        FakeGeminiReply.Json(new
        {
            root_cause = $"The {deployment} container crashes on start.",
            severity = "HIGH",
            description = $"Pods of {deployment} restart repeatedly.",
            confidence = 0.8,
            commands,
        });
}
