using KubeWise.Core.Explain;
using KubeWise.Core.Kubernetes;
using KubeWise.Core.Scanning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KubeWise.Cli.Commands;

/// <summary>
/// <c>kubewise scan --explain</c>: after the scan, explains each anomaly (analysis and fix plan with policy verdicts,
/// dry-run outcomes when a cluster is reachable). Exit codes as <c>kubewise scan</c>.
/// </summary>
internal static class ExplainMode
{
    /// <summary>Checks the explain options; false (with the reasons on <paramref name="error"/>) is a usage error.</summary>
    public static bool Validate(ExplainArguments args, TextWriter error)
    {
        var ok = true;
        if (!args.Enabled)
        {
            foreach (var (given, name) in new[] { (args.KubeConfig is not null, "--kubeconfig"), (args.InCluster, "--in-cluster"), (args.Context is not null, "--context"), (args.GeminiEndpoint is not null, "--gemini-endpoint"), (args.NoLlm, "--no-llm"),
                (args.LlmEndpoint is not null, "--llm-endpoint"), (args.LlmModel is not null, "--llm-model"), (args.ShowPrompt, "--show-prompt") })
            {
                if (given)
                {
                    error.WriteLine($"{name} only applies with --explain.");
                    ok = false;
                }
            }

            return ok;
        }

        if (args.KubeConfig is not null && args.InCluster)
        {
            error.WriteLine("--kubeconfig and --in-cluster exclude each other: name one way to reach the cluster.");
            ok = false;
        }

        if (args.InCluster && args.Context is not null)
        {
            error.WriteLine("--context names a kubeconfig context; it does not apply with --in-cluster.");
            ok = false;
        }

        if (args.KubeConfig is not null && !File.Exists(args.KubeConfig))
        {
            error.WriteLine($"--kubeconfig: '{args.KubeConfig}' does not exist.");
            ok = false;
        }

        if (args.GeminiEndpoint is not null)
        {
            if (!Uri.TryCreate(args.GeminiEndpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                error.WriteLine($"--gemini-endpoint: '{args.GeminiEndpoint}' is not an http(s) URL.");
                ok = false;
            }
            else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback)
            {
                error.WriteLine($"warning: --gemini-endpoint {url.Host} is plain http: the API key and the incident data travel unencrypted.");
            }
        }

        if (args.LlmEndpoint is not null)
        {
            if (!Uri.TryCreate(args.LlmEndpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                error.WriteLine($"--llm-endpoint: '{args.LlmEndpoint}' is not an http(s) URL.");
                ok = false;
            }

            if (string.IsNullOrWhiteSpace(args.LlmModel))
            {
                error.WriteLine("--llm-endpoint needs --llm-model: name the model the server should use (e.g. llama3.1:8b).");
                ok = false;
            }
        }
        else if (args.LlmModel is not null)
        {
            error.WriteLine("--llm-model only applies with --llm-endpoint.");
            ok = false;
        }

        if (args.LlmEndpoint is not null && args.GeminiEndpoint is not null)
        {
            error.WriteLine("--llm-endpoint and --gemini-endpoint exclude each other: name one model API.");
            ok = false;
        }

        if (args.ShowPrompt && args.NoLlm)
        {
            error.WriteLine("--show-prompt and --no-llm exclude each other: with --no-llm no request is built.");
            ok = false;
        }

        return ok;
    }

    /// <summary>The configuration the options stand for; everything else comes from the environment as in the Functions app.</summary>
    public static void AddOverrides(ExplainArguments args, IDictionary<string, string?> overrides)
    {
        if (args.KubeConfig is not null)
        {
            overrides["Kubernetes:Source"] = "KubeConfig";
            overrides["Kubernetes:KubeConfigPath"] = Path.GetFullPath(args.KubeConfig);
        }

        if (args.InCluster)
        {
            overrides["Kubernetes:Source"] = "InCluster";
        }

        if (args.Context is not null)
        {
            overrides["Kubernetes:Context"] = args.Context;
        }

        if (args.GeminiEndpoint is not null)
        {
            overrides["Gemini:Endpoint"] = args.GeminiEndpoint;
        }

        if (args.LlmEndpoint is not null)
        {
            overrides["Llm:Provider"] = "OpenAiCompatible";
            overrides["Llm:Endpoint"] = args.LlmEndpoint;
            overrides["Llm:Model"] = args.LlmModel;
        }
    }

    /// <summary>
    /// Diagnostics go to stderr so stdout stays one JSON document; what analysis and the pipeline would warn about
    /// (fallbacks, dropped proposals, missing facts) is part of the plan already.
    /// </summary>
    public static void ConfigureLogging(IServiceCollection services)
    {
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        services.Configure<LoggerFilterOptions>(o => o
            .AddFilter("KubeWise.Core.Analysis", LogLevel.Error)
            .AddFilter("KubeWise.Core.Explain", LogLevel.Error));
    }

    /// <summary>
    /// A cluster named on the command line must be configured; checked before the scan so a typo fails at once.
    /// Without a named cluster, none is fine: the plan is explained without one.
    /// </summary>
    public static bool ClusterReady(IServiceProvider services, ExplainArguments args, TextWriter error)
    {
        if (!args.Enabled || !args.ClusterRequested)
        {
            return true;
        }

        try
        {
            services.GetRequiredService<IKubernetesClientFactory>().GetClient();
            return true;
        }
        catch (KubernetesNotConfiguredException e)
        {
            error.WriteLine($"error: {e.Message}");
            return false;
        }
    }

    public static async Task<int> RunAsync(ServiceProvider services, string prometheus, string format, ScanReport scan, ExplainArguments args,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ExplainReport report;
        var progress = TerminalProgress.Start(error);
        using (progress)
        {
            report = await services.GetRequiredService<ExplainPipeline>()
                .ExplainAsync(scan, new ExplainSettings(ForceRules: args.NoLlm, ShowPromptOnly: args.ShowPrompt), cancellationToken, progress).ConfigureAwait(false);
        }

        if (report.Cluster.Failure is not null)
        {
            error.WriteLine($"warning: {report.Cluster.Description}; the verdicts below are provisional.");
        }

        if (format == "json")
        {
            output.WriteLine(ExplainJson.Write(prometheus, report));
        }
        else
        {
            ExplainTable.Write(prometheus, report, output);
        }

        return scan.Anomalies.Count > 0 ? ExitCodes.AnomaliesFound : ExitCodes.Ok;
    }
}
