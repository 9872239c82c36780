using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Llm;
using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Analysis.Redaction;
using KubeWise.Core.Analysis.Rules;
using KubeWise.Core.Analysis.Vertex;
using KubeWise.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis;

public static class AnalysisServiceCollectionExtensions
{
    public static IServiceCollection AddKubeWiseAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GeminiOptions>(configuration, GeminiOptions.SectionName);
        services.AddValidatedOptions<RuleAnalysisOptions>(configuration, RuleAnalysisOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        // The transport is the only thing the provider changes; everything behind IGeminiEndpoint is shared.
        services.AddValidatedOptions<VertexOptions>(configuration, VertexOptions.SectionName);
        services.TryAddSingleton<IGoogleAccessTokenSource, GoogleCredentialTokenSource>();
        services.TryAddSingleton<IGeminiEndpoint>(sp =>
            sp.GetRequiredService<IOptions<GeminiOptions>>().Value.Provider == GeminiProvider.VertexAi
                ? ActivatorUtilities.CreateInstance<VertexEndpoint>(sp)
                : ActivatorUtilities.CreateInstance<GeminiDeveloperEndpoint>(sp));
        services.TryAddSingleton<IProposalScreen, CatalogPolicyScreen>();
        services.AddValidatedOptions<RedactionOptions>(configuration, RedactionOptions.SectionName);
        services.TryAddSingleton<PromptRedaction>();

        // Every model call goes through LlmProvider to an IChatClient; the recorder, innermost, keeps each request as sent.
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.SectionName);
        services.TryAddSingleton<LlmBudget>();
        services.TryAddTransient<ExchangeRecorder>();
        services.TryAddTransient<LlmProvider>();
        services.TryAddTransient<GeminiChatClient>();
        var geminiHttp = services.AddHttpClient<GeminiClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        geminiHttp.AddResilienceHandler(GeminiResilience.PipelineName, (pipeline, context) =>
            GeminiResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value));
        geminiHttp.AddHttpMessageHandler<ExchangeRecorder>();
        var openAiHttp = services.AddHttpClient<OpenAiChatClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        openAiHttp.AddResilienceHandler("openai-compatible", (pipeline, context) =>
            GeminiResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value));
        openAiHttp.AddHttpMessageHandler<ExchangeRecorder>();

        services.AddValidatedOptions<QueryProposalOptions>(configuration, QueryProposalOptions.SectionName);
        services.TryAddSingleton<ProposedQueryValidator>();
        services.TryAddSingleton<IProposedQueryStore, SharedStateProposedQueryStore>();
        services.TryAddSingleton<IQueryCatalogView, ScanCatalogView>();
        services.TryAddTransient<QueryProposer>();
        services.TryAddSingleton<ProposedQuerySync>();

        services.TryAddTransient<GeminiAnalyzer>();
        services.TryAddTransient<GeminiVerifier>();
        services.TryAddTransient<GeminiHealth>();
        services.TryAddTransient<RuleAnalyzer>();
        services.TryAddTransient<RuleVerifier>();
        services.TryAddTransient<IAnomalyAnalyzer, FallbackAnalyzer>();
        services.TryAddTransient<IRemediationVerifier, FallbackVerifier>();
        return services;
    }
}
