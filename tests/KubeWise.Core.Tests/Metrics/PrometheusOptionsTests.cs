using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Metrics;

public class PrometheusOptionsTests
{
    private static OptionsValidationException Invalid(Dictionary<string, string?> settings)
    {
        using var services = PrometheusClientFactory.Build(new Uri("http://127.0.0.1:9"), settings);
        return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PrometheusOptions>>().Value);
    }

    [Fact]
    public void BearerAndBasicTogether_FailValidation()
    {
        var ex = Invalid(new() { ["BearerToken"] = "t", ["Username"] = "u", ["Password"] = "p" });

        Assert.Contains("not both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTokenFile_FailsValidationNamingTheSetting()
    {
        var ex = Invalid(new() { ["BearerTokenFile"] = "/nonexistent/token" });

        Assert.Contains("Prometheus:BearerTokenFile", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificateWithoutKey_FailsValidation()
    {
        var cert = Path.GetTempFileName();
        try
        {
            var ex = Invalid(new() { ["Prometheus:Tls:CertificateFile"] = cert });

            Assert.Contains("KeyFile", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(cert);
        }
    }

    [Fact]
    public void TimeoutOutOfRange_FailsValidation()
    {
        var ex = Invalid(new() { ["TimeoutSeconds"] = "0" });

        Assert.Contains("TimeoutSeconds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        using var services = PrometheusClientFactory.Build(new Uri("http://127.0.0.1:9"));

        var options = services.GetRequiredService<IOptions<PrometheusOptions>>().Value;

        Assert.Equal(30, options.TimeoutSeconds);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(64L * 1024 * 1024, options.MaxResponseBytes);
        Assert.False(options.Tls.InsecureSkipVerify);
    }
}
