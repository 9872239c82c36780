using KubeWise.Testing.Gemini;

namespace KubeWise.EndToEnd.Tests.Harness;

/// <summary>Gemini's answers in the scenarios: what the model would say about the simulated incidents.</summary>
internal static class Analyses
{
    public static FakeGeminiReply Restart(string ns, string name, string cause) => FakeGeminiReply.Json(new
    {
        root_cause = cause,
        severity = "HIGH",
        description = $"Every pod of {name} started before the fix still runs the old configuration; a rollout restart starts pods that read the current one.",
        confidence = 0.82,
        commands = new object[]
        {
            new { operation = "restart_deployment", name, ns, rationale = "New pods read the corrected configuration." },
        },
    });

    public static FakeGeminiReply RestartLeaking(string ns, string name) => FakeGeminiReply.Json(new
    {
        root_cause = $"The app container of {name} leaks memory until the OOM killer ends it.",
        severity = "HIGH",
        description = "A rollout restart starts fresh pods at the baseline; the leak itself needs a code fix.",
        confidence = 0.7,
        commands = new object[]
        {
            new { operation = "restart_deployment", name, ns, rationale = "Fresh pods start far below the limit." },
        },
    });

    public static FakeGeminiReply RaiseMemory(string ns, string name, string container, string memoryLimit) => FakeGeminiReply.Json(new
    {
        root_cause = "The container is killed on start, most likely by a too small memory limit.",
        severity = "HIGH",
        description = $"Pods of {name} restart in a loop; a larger memory limit should let them start.",
        confidence = 0.55,
        commands = new object[]
        {
            new { operation = "set_resources", name, ns, container, memory_limit = memoryLimit, rationale = "Give the container room to start." },
        },
    });

    public static FakeGeminiReply NotResolved(string why) => FakeGeminiReply.Json(new
    {
        resolved = false,
        reasoning = why,
        confidence = 0.8,
    });
}
