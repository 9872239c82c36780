using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KubeWise.Core.Metrics;
using KubeWise.Testing.Prometheus;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Metrics;

/// <summary>Failures a real Prometheus will not produce on demand, through a loopback fake that speaks its API envelope.</summary>
public sealed class PrometheusClientFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2025, 6, 2, 10, 0, 0, TimeSpan.Zero);
    private FakePrometheusServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakePrometheusServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ServiceProvider Services(params (string Key, string Value)[] settings) =>
        PrometheusClientFactory.Build(_fake.Url, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private static FakeAnswer Up(string value = "1") =>
        FakeAnswer.Vector(1748858400, (new Dictionary<string, string> { ["__name__"] = "up", ["job"] = "kubelet" }, value));

    [Fact]
    public async Task Query_BadData400_ThrowsOnceWithErrorTypeAndQuery()
    {
        _fake.Enqueue(FakeAnswer.Error(400, "bad_data", "1:5: parse error: unclosed left parenthesis"));
        using var services = Services(("MaxRetries", "3"));

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => services.Client().QueryAsync("sum(up", At));

        Assert.Equal("bad_data", ex.ErrorType);
        Assert.Equal("sum(up", ex.Query);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Contains("unclosed left parenthesis", ex.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Query_Execution422_IsNotRetried()
    {
        _fake.Enqueue(FakeAnswer.Error(422, "execution", "found duplicate series for the match group"));
        using var services = Services(("MaxRetries", "3"));

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => services.Client().QueryAsync("a * on(x) b", At));

        Assert.Equal("execution", ex.ErrorType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Query_503ThenSuccess_RetriesAndReturnsTheAnswer()
    {
        _fake.Enqueue(FakeAnswer.Error(503, "unavailable", "TSDB not ready"), FakeAnswer.Error(503, "unavailable", "TSDB not ready"), Up("1"));
        using var services = Services(("MaxRetries", "3"));

        var result = await services.Client().QueryAsync("up", At);

        Assert.Equal(1, result.Series.Single().Samples[0].Value);
        Assert.Equal(3, _fake.Requests.Count);
        Assert.All(_fake.Requests, r => Assert.Equal("up", r["query"]));
    }

    [Fact]
    public async Task Query_503Always_GivesUpAfterTheRetriesWithTheServersErrorType()
    {
        _fake.Fallback = FakeAnswer.Error(503, "timeout", "query timed out in expression evaluation");
        using var services = Services(("MaxRetries", "2"));

        var ex = await Assert.ThrowsAsync<PrometheusQueryException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal("timeout", ex.ErrorType);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(3, _fake.Requests.Count);
    }

    [Fact]
    public async Task Query_502FromAProxyWithoutEnvelope_IsUnavailable()
    {
        _fake.Fallback = new FakeAnswer(502, "<html>Bad Gateway</html>");
        using var services = Services(("MaxRetries", "1"));

        var ex = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal("unavailable", ex.ErrorType);
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Query_SlowServer_TimesOutAfterTheRetries()
    {
        _fake.Fallback = Up() with { Delay = TimeSpan.FromSeconds(5) };
        using var services = Services(("TimeoutSeconds", "0.5"), ("MaxRetries", "1"));
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<PrometheusTimeoutException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal("timeout", ex.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(0.5), ex.Timeout);
        Assert.Equal("up", ex.Query);
        Assert.Equal(2, _fake.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Query_SlowOnceThenFast_SucceedsOnTheRetry()
    {
        _fake.Enqueue(Up("1") with { Delay = TimeSpan.FromSeconds(5) }, Up("2"));
        using var services = Services(("TimeoutSeconds", "0.5"), ("MaxRetries", "2"));

        var result = await services.Client().QueryAsync("up", At);

        Assert.Equal(2, result.Series.Single().Samples[0].Value);
    }

    [Fact]
    public async Task Query_PrometheusDown_IsUnavailableWithTheUrl()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var services = PrometheusClientFactory.Build(new Uri($"http://127.0.0.1:{port}"), new Dictionary<string, string?> { ["MaxRetries"] = "2" });

        var ex = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal("unavailable", ex.ErrorType);
        Assert.Contains($"127.0.0.1:{port}", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task Query_Warnings_AreKeptOnThePartialAnswer()
    {
        _fake.Enqueue(FakeAnswer.Success(
            """{"resultType":"vector","result":[{"metric":{"pod":"a"},"value":[1748858400,"1"]}]}""",
            "remote read of store eu-west failed: partial data"));
        using var services = Services();

        var result = await services.Client().QueryAsync("up", At);

        Assert.True(result.HasWarnings);
        Assert.Equal(["remote read of store eu-west failed: partial data"], result.Warnings);
        Assert.Equal("a", result.Series.Single().Label("pod"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Query_AnswerTooLarge_IsAClearErrorAndNotRetried(bool announced)
    {
        _fake.Fallback = FakeAnswer.Huge(4 * 1024 * 1024, announced);
        using var services = Services(("MaxResponseBytes", "1048576"), ("MaxRetries", "2"));

        var ex = await Assert.ThrowsAsync<PrometheusResponseTooLargeException>(() => services.Client().QueryAsync("{__name__=~\".+\"}", At));

        Assert.Equal(1_048_576, ex.LimitBytes);
        Assert.Equal("too_large", ex.ErrorType);
        Assert.Contains("MaxResponseBytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("{__name__=~\".+\"}", ex.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Query_AnswerUnderTheBound_IsRead()
    {
        _fake.Fallback = FakeAnswer.Huge(512 * 1024, announceLength: false);
        using var services = Services(("MaxResponseBytes", "1048576"));

        var result = await services.Client().QueryAsync("up", At);

        Assert.Equal(512 * 1024 + 3, result.Series.Single().Label("padding").Length);
    }

    [Fact]
    public async Task Query_BodyNotJson_IsAProtocolError()
    {
        _fake.Fallback = new FakeAnswer(200, "<html>login</html>");
        using var services = Services();

        var ex = await Assert.ThrowsAsync<PrometheusProtocolException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal("bad_response", ex.ErrorType);
        Assert.Contains("<html>login</html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_Unauthorized_SaysWhichSettingsToCheck()
    {
        _fake.Fallback = new FakeAnswer(401, "Unauthorized");
        using var services = Services();

        var ex = await Assert.ThrowsAsync<PrometheusException>(() => services.Client().QueryAsync("up", At));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("Prometheus:BearerToken", ex.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Query_SpecialValues_AreParsed()
    {
        _fake.Enqueue(FakeAnswer.Vector(
            1748858400.5,
            (new Dictionary<string, string> { ["v"] = "nan" }, "NaN"),
            (new Dictionary<string, string> { ["v"] = "pinf" }, "+Inf"),
            (new Dictionary<string, string> { ["v"] = "ninf" }, "-Inf"),
            (new Dictionary<string, string> { ["v"] = "exp" }, "1.5e-7")));
        using var services = Services();

        var result = await services.Client().QueryAsync("x", At);

        var values = result.Series.ToDictionary(s => s.Label("v"), s => s.Samples[0]);
        Assert.True(double.IsNaN(values["nan"].Value));
        Assert.Equal(double.PositiveInfinity, values["pinf"].Value);
        Assert.Equal(double.NegativeInfinity, values["ninf"].Value);
        Assert.Equal(1.5e-7, values["exp"].Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1748858400500), values["nan"].Timestamp);
    }

    [Fact]
    public async Task Query_Request_IsFormPostWithTimeAndServerTimeout()
    {
        _fake.Enqueue(Up());
        using var services = Services(("TimeoutSeconds", "10"));

        await services.Client().QueryAsync("sum by (pod) (rate(x[5m]))", new DateTimeOffset(2025, 6, 2, 10, 0, 0, 250, TimeSpan.Zero));

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/query", request.Path);
        Assert.Equal("sum by (pod) (rate(x[5m]))", request["query"]);
        Assert.Equal("1748858400.250", request["time"]);
        Assert.Equal("9000ms", request["timeout"]);
    }

    [Fact]
    public async Task QueryRange_Request_UsesScrapeIntervalAsStep()
    {
        _fake.Enqueue(FakeAnswer.Success("""{"resultType":"matrix","result":[]}"""));
        using var services = Services(("ScrapeIntervalSeconds", "30"));

        var result = await services.Client().QueryRangeAsync("up", At.AddMinutes(-10), At);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/api/v1/query_range", request.Path);
        Assert.Equal("30", request["step"]);
        Assert.Equal("1748857800.000", request["start"]);
        Assert.Equal("1748858400.000", request["end"]);
        Assert.Empty(result.Series);
    }

    [Fact]
    public async Task QueryRange_TooManyPoints_IsRefusedBeforeSending()
    {
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => services.Client().QueryRangeAsync("up", At.AddDays(-30), At, TimeSpan.FromSeconds(15)));

        Assert.Contains("11000", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task LabelValues_OldServerIgnoringLimit_IsCutAndMarkedTruncated()
    {
        _fake.Enqueue(FakeAnswer.Success("""["a","b","c","d","e"]"""));
        using var services = Services();

        var result = await services.Client().LabelValuesAsync("pod", ["up"], At.AddHours(-1), At, limit: 2);

        Assert.Equal(["a", "b"], result.Items);
        Assert.True(result.Truncated);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/label/pod/values", request.Path);
        Assert.Equal("2", request["limit"]);
        Assert.Equal("up", request["match[]"]);
    }

    [Fact]
    public async Task Series_NewServerTruncationWarning_IsMarkedTruncated()
    {
        _fake.Enqueue(FakeAnswer.Success("""[{"__name__":"up","job":"a"}]""", "results truncated due to limit"));
        using var services = Services();

        var result = await services.Client().SeriesAsync(["up"], At.AddHours(-1), At, limit: 1);

        Assert.True(result.Truncated);
        Assert.Equal("a", result.Items.Single()["job"]);
        Assert.Equal("POST", _fake.Requests.Single().Method);
    }

    [Fact]
    public async Task Metadata_Request_IsGetWithMetricAndLimit()
    {
        _fake.Enqueue(FakeAnswer.Success("""{"up":[{"type":"gauge","help":"Target is up.","unit":""}]}"""));
        using var services = Services();

        var result = await services.Client().MetadataAsync("up", limit: 10);

        Assert.Equal(new PrometheusMetricMetadata("up", "gauge", "Target is up.", string.Empty), result.Items.Single());
        var request = _fake.Requests.Single();
        Assert.Equal(("GET", "/api/v1/metadata", "up", "10"), (request.Method, request.Path, request["metric"], request["limit"]));
    }

    [Fact]
    public async Task Query_BearerToken_IsSent()
    {
        _fake.Enqueue(Up());
        using var services = Services(("BearerToken", "s3cret"));

        await services.Client().QueryAsync("up", At);

        Assert.Equal("Bearer s3cret", _fake.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Query_BearerTokenFile_IsReadOnEveryRequest()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, "first\n");
            _fake.Enqueue(Up(), Up());
            using var services = Services(("BearerTokenFile", file));

            await services.Client().QueryAsync("up", At);
            await File.WriteAllTextAsync(file, "rotated");
            await services.Client().QueryAsync("up", At);

            Assert.Equal(["Bearer first", "Bearer rotated"], _fake.Requests.Select(r => r.Authorization));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Query_BasicAuth_IsSent()
    {
        _fake.Enqueue(Up());
        using var services = Services(("Username", "kubewise"), ("Password", "pa:ss"));

        await services.Client().QueryAsync("up", At);

        Assert.Equal("Basic " + Convert.ToBase64String("kubewise:pa:ss"u8.ToArray()), _fake.Requests.Single().Authorization);
    }
}
