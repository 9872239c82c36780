using System.ComponentModel.DataAnnotations;

namespace KubeWise.Application.Telemetry;

/// <summary>Where KubeWise sends its own metrics and traces (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// An OTLP collector (e.g. <c>http://otel-collector:4317</c>). Empty: no OTLP export, unless the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable names one.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Telemetry:OtlpProtocol must be grpc or http/protobuf.")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>The <c>service.name</c> resource attribute of every metric and span.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceName { get; set; } = "kubewise";

    /// <summary><c>kubewise run</c> only: serve the Prometheus scrape endpoint at <c>/metrics</c>.</summary>
    public bool PrometheusEndpoint { get; set; } = true;
}
