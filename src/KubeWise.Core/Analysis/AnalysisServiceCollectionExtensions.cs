using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Rules;
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

        // The Developer API; issue 10's Vertex endpoint replaces only this registration.
        services.TryAddSingleton<IGeminiEndpoint, GeminiDeveloperEndpoint>();
        services.TryAddSingleton<IProposalScreen, CatalogPolicyScreen>();

        services.AddHttpClient<GeminiClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(GeminiResilience.PipelineName, (pipeline, context) =>
                GeminiResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<GeminiOptions>>().Value));

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
