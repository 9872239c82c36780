using System.Diagnostics;
using System.Net;
using KubeWise.Application;
using KubeWise.Application.Api;
using KubeWise.Application.Notifications;
using KubeWise.Application.Telemetry;
using KubeWise.Run.Api;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Run.Health;
using KubeWise.Run.Scanning;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace KubeWise.Run;

/// <summary>
/// <c>kubewise run</c>: the whole product as one process, with the embedded defaults (LiteDB store, MANUAL mode, the
/// rule analyzer without a Gemini key, Durable state in Azurite). The CLI's <c>run</c> command and the tests call
/// <see cref="Build"/>; configuration comes from appsettings.json, the environment (seed names such as
/// <c>PROMETHEUS_URL</c> included) and <paramref name="settings"/>, in that order.
/// </summary>
public static class KubeWiseRunHost
{
    private const string WebsiteAuthEnabled = "WEBSITE_AUTH_ENABLED";

    /// <summary>The Prometheus scrape endpoint of KubeWise's own metrics (<c>Telemetry:PrometheusEndpoint</c>).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Builds the host; nothing starts until it is run.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?>? settings = null, Action<ILoggingBuilder>? logging = null) =>
        Build(new RunHostHooks { Settings = settings, Logging = logging });

    /// <summary>Builds the host with the embedding and test hooks of <paramref name="hooks"/>; nothing starts until it is run.</summary>
    public static WebApplication Build(RunHostHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        if (hooks.ReadEnvironment)
        {
            builder.Configuration
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables();
        }

        if (hooks.Settings is { Count: > 0 } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // App Service's switch for trusting X-MS-CLIENT-PRINCIPAL* means nothing outside App Service: here only
        // Api:TrustPrincipalHeaders turns those headers on.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [WebsiteAuthEnabled] = null });
        builder.Configuration.AddSeedAliases();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        foreach (var (category, level) in QuietCategories)
        {
            builder.Logging.AddFilter(category, level);
        }

        if (hooks.Logging is null)
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; });
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        else
        {
            hooks.Logging(builder.Logging);
        }

        builder.WebHost.UseKestrelCore().ConfigureKestrel((context, kestrel) =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<RunOptions>>().Value;
            kestrel.Listen(ListenAddress(options, context.Configuration), options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddKubeWiseCore(builder.Configuration);
        builder.Services.AddKubeWiseWorkflow(builder.Configuration);
        builder.Services.AddKubeWiseApi(builder.Configuration);
        builder.Services.AddKubeWiseNotifications(builder.Configuration);
        var prometheusEndpoint = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.PrometheusEndpoint ?? true;
        var telemetry = builder.Services.AddKubeWiseTelemetry(builder.Configuration);
        if (prometheusEndpoint)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter());
        }

        builder.Services.AddSingleton(new ScanControl(paused: hooks.ScanPaused));
        builder.Services.AddKubeWiseRun(builder.Configuration);
        hooks.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapProbes();
        if (prometheusEndpoint)
        {
            // Anonymous like the probes: counts and durations, no names (see docs/telemetry.md).
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        app.MapKubeWiseApi();
        return app;
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> or SIGTERM/Ctrl-C, then stops gracefully. Exit codes: 0 after a
    /// clean stop, 1 when it could not start (one line on stderr says why and what to do), 2 for an invalid setting.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, string?>? settings, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        var started = Stopwatch.StartNew();
        WebApplication app;
        try
        {
            app = Build(settings);
        }
        catch (InvalidSettingException e)
        {
            await error.WriteLineAsync($"kubewise run: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KubeWise.Run");
            app.Lifetime.ApplicationStopping.Register(() => RunLog.Stopping(logger));
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (Reason(e) is { } reason)
            {
                await error.WriteLineAsync($"kubewise run: {reason}").ConfigureAwait(false);
                return reason.StartsWith("invalid setting", StringComparison.Ordinal) ? 2 : 1;
            }

            var url = ApiUrl(app);
            if (!HasKeys(app.Configuration))
            {
                RunLog.LoopbackOnly(logger, url);
            }

            RunLog.Ready(logger, started.Elapsed.TotalSeconds, url);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>
    /// The API's base URL as a client on this machine reaches it (no trailing slash). Once started, the port is the one
    /// bound, so <c>Run:Port</c> 0 (a free port) gives the real one.
    /// </summary>
    public static string ApiUrl(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<RunOptions>>().Value;
        var address = ListenAddress(options, app.Configuration);
        var port = options.Port;
        var bound = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            port = uri.Port;
        }

        var host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : address;
        return $"http://{(host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString())}:{port}";
    }

    /// <summary>
    /// Whether API keys are configured (<c>Api:KeyNames</c>: name → SHA-256 of the key, 64 hex digits). A value that is
    /// not a SHA-256 is an invalid setting rather than "no keys", so a template left in place never opens the API.
    /// </summary>
    internal static bool HasKeys(IConfiguration configuration)
    {
        var keys = configuration.GetSection("Api:KeyNames").GetChildren().Where(k => !string.IsNullOrWhiteSpace(k.Value)).ToList();
        if (keys.FirstOrDefault(k => k.Value!.Length != 64 || !k.Value.All(char.IsAsciiHexDigit)) is { } bad)
        {
            throw new InvalidSettingException($"Api:KeyNames:{bad.Key}",
                $"Api:KeyNames:{bad.Key} must be the SHA-256 of the key as 64 hex digits (printf %s \"$KEY\" | sha256sum), not the key itself or a placeholder.");
        }

        return keys.Count > 0;
    }

    private static IPAddress ListenAddress(RunOptions options, IConfiguration configuration)
    {
        if (!HasKeys(configuration))
        {
            return IPAddress.Loopback;
        }

        return string.IsNullOrWhiteSpace(options.ListenAddress)
            ? IPAddress.Any
            : IPAddress.TryParse(options.ListenAddress, out var address)
                ? address
                : throw new InvalidSettingException("Run:ListenAddress", $"Run:ListenAddress '{options.ListenAddress}' is not an IP address (e.g. 0.0.0.0 or 127.0.0.1).");
    }

    /// <summary>The one-line reason for a start failure the user can act on; null for a bug (which keeps its stack trace).</summary>
    private static string? Reason(Exception e) => e switch
    {
        RunStartException start => start.Message,
        InvalidSettingException setting => $"invalid setting: {setting.Message}",
        OptionsValidationException options => $"invalid setting: {string.Join("; ", options.Failures)}",
        IOException io when io.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
            => $"the API port is in use ({io.Message}): stop what listens there or set Run:Port (--port).",
        AggregateException { InnerExceptions.Count: 1 } aggregate => Reason(aggregate.InnerExceptions[0]),
        _ => null,
    };

    private static readonly (string Category, LogLevel Level)[] QuietCategories =
    [
        ("Microsoft.AspNetCore", LogLevel.Warning),
        ("Microsoft.Hosting.Lifetime", LogLevel.Warning),
        ("Grpc", LogLevel.Warning),
        ("DurableTask.AzureStorage", LogLevel.Warning),
        ("DurableTask.Core", LogLevel.Warning),
        ("Microsoft.DurableTask", LogLevel.Warning),
        ("Azure.Core", LogLevel.Warning),
        ("System.Net.Http.HttpClient", LogLevel.Warning),
        ("Polly", LogLevel.None),
    ];
}
