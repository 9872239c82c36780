using System.CommandLine;

namespace KubeWise.Cli.Commands;

/// <summary>What <c>kubewise scan --explain</c> was asked for.</summary>
internal sealed record ExplainArguments(bool Enabled, string? KubeConfig, bool InCluster, string? Context, string? GeminiEndpoint, bool NoLlm,
    string? LlmEndpoint = null, string? LlmModel = null, bool ShowPrompt = false)
{
    /// <summary>A cluster was named explicitly: not reaching it is an error, not a reason to explain without one.</summary>
    public bool ClusterRequested => KubeConfig is not null || InCluster || Context is not null;
}

/// <summary>The options <c>--explain</c> adds to <c>kubewise scan</c>.</summary>
internal sealed class ExplainOptions
{
    public Option<bool> Explain { get; } = new("--explain") { Description = "For each anomaly: root cause (Gemini or rules) and the fix plan with the safety policy's verdicts; with a cluster, each allowed command is dry-run on the server. Never applies anything." };

    public Option<string> KubeConfig { get; } = new("--kubeconfig") { Description = "With --explain: kubeconfig file of the cluster to read facts from (default: KUBECONFIG, then ~/.kube/config)." };

    public Option<bool> InCluster { get; } = new("--in-cluster") { Description = "With --explain: use the pod's service account." };

    public Option<string> Context { get; } = new("--context") { Description = "With --explain: kubeconfig context (default: the file's current-context)." };

    public Option<string> GeminiEndpoint { get; } = new("--gemini-endpoint") { Description = "With --explain: base URL of the Gemini API, for a gateway or proxy (default: Gemini:Endpoint)." };

    public Option<bool> NoLlm { get; } = new("--no-llm") { Description = "With --explain: use the rule analyzer only; Gemini is not asked." };

    public Option<string> LlmEndpoint { get; } = new("--llm-endpoint") { Description = "With --explain: base URL of an OpenAI-compatible API to analyse with instead of Gemini, e.g. http://localhost:11434/v1 (Ollama); needs --llm-model. Key: Llm__ApiKey." };

    public Option<string> LlmModel { get; } = new("--llm-model") { Description = "With --explain and --llm-endpoint: the model name the server knows, e.g. llama3.1:8b." };

    public Option<bool> ShowPrompt { get; } = new("--show-prompt") { Description = "With --explain: print the exact request each anomaly's analysis would send (redacted, no credentials) and send nothing; the rules answer." };

    public IEnumerable<Option> All => [Explain, KubeConfig, InCluster, Context, GeminiEndpoint, NoLlm, LlmEndpoint, LlmModel, ShowPrompt];

    public ExplainArguments Read(ParseResult parse) => new(
        parse.GetValue(Explain),
        parse.GetValue(KubeConfig),
        parse.GetValue(InCluster),
        parse.GetValue(Context),
        parse.GetValue(GeminiEndpoint),
        parse.GetValue(NoLlm),
        parse.GetValue(LlmEndpoint),
        parse.GetValue(LlmModel),
        parse.GetValue(ShowPrompt));
}
