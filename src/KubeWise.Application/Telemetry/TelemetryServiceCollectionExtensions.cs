using KubeWise.Core.Configuration;
using KubeWise.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace KubeWise.Application.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Sources of the spans KubeWise exports: its own work, the Durable Task SDK's orchestrations and activities, outbound HTTP (Prometheus, Kubernetes, Gemini, webhooks) and, in <c>kubewise run</c>, incoming API requests.</summary>
    public static readonly IReadOnlyList<string> TraceSources = [KubeWiseTelemetry.Name, "Microsoft.DurableTask", "System.Net.Http", "Microsoft.AspNetCore"];

    /// <summary>
    /// OpenTelemetry for both hosts: KubeWise's meter (see <see cref="KubeWiseTelemetry"/>) and <see cref="TraceSources"/>,
    /// exported over OTLP when <c>Telemetry:OtlpEndpoint</c> (or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) names a collector.
    /// The host adds its own exporters to the returned builder (the Prometheus endpoint of <c>kubewise run</c>, the
    /// Functions worker's defaults).
    /// </summary>
    public static OpenTelemetryBuilder AddKubeWiseTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.SectionName);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();

        OpenTelemetryBuilder builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(options.ServiceName) ? "kubewise" : options.ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(KubeWiseTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource([.. TraceSources]));

        if (options.OtlpEndpoint is { } endpoint)
        {
            builder.UseOtlpExporter(
                options.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
        }
        else if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            builder.UseOtlpExporter();
        }

        return builder;
    }
}
