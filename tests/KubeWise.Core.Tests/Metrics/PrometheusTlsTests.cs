using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>The TLS options against an https loopback Prometheus with a self-signed certificate.</summary>
public sealed class PrometheusTlsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate = TestCertificates.CreateLoopbackServer();
    private readonly string _caFile = Path.Combine(Path.GetTempPath(), $"kubewise-ca-{Guid.NewGuid():N}.pem");
    private FakePrometheusServer _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakePrometheusServer.StartAsync(_certificate);
        _fake.Fallback = FakeAnswer.Success("""{"resultType":"scalar","result":[1748858400,"42"]}""");
        TestCertificates.WritePem(_certificate, _caFile);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _certificate.Dispose();
        File.Delete(_caFile);
    }

    [Fact]
    public async Task Query_ServerSignedByConfiguredCa_Succeeds()
    {
        using var services = PrometheusClientFactory.Build(_fake.Url, new Dictionary<string, string?> { ["Prometheus:Tls:CaFile"] = _caFile });

        var result = await services.Client().QueryAsync("scalar(up)", At);

        Assert.Equal(42, result.Scalar!.Value.Value);
    }

    [Fact]
    public async Task Query_UntrustedCertificate_IsUnavailableWithTheTlsError()
    {
        using var services = PrometheusClientFactory.Build(_fake.Url, new Dictionary<string, string?> { ["MaxRetries"] = "3" });

        var ex = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => services.Client().QueryAsync("scalar(up)", At));

        Assert.Equal("unavailable", ex.ErrorType);
        Assert.Equal(HttpRequestError.SecureConnectionError, Assert.IsType<HttpRequestException>(ex.InnerException).HttpRequestError);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Query_InsecureSkipVerify_AcceptsTheCertificate()
    {
        using var services = PrometheusClientFactory.Build(_fake.Url, new Dictionary<string, string?> { ["Prometheus:Tls:InsecureSkipVerify"] = "true" });

        var result = await services.Client().QueryAsync("scalar(up)", At);

        Assert.Equal(42, result.Scalar!.Value.Value);
    }
}
