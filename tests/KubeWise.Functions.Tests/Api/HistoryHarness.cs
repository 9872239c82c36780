using System.Text;
using KubeWise.Application.Api;
using KubeWise.Core;
using KubeWise.Core.Configuration;
using KubeWise.Functions.Api;
using KubeWise.Application;
using KubeWise.Testing.Durable;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Prometheus;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Functions.Tests.Api;

/// <summary>
/// The app's services (Core + workflow + API, as Program.cs adds them) over a real Prometheus serving the synthetic
/// cluster's fixed history, with the clock at the history's "now", the fake Gemini server and a LiteDB store in
/// <see cref="Directory"/>. A second harness over the same directory is the app after a restart.
/// </summary>
internal sealed class HistoryHarness : IAsyncDisposable
{
    private HistoryHarness(string directory, DurableTaskTestHost host, FakeGeminiServer gemini, FakeTimeProvider time)
    {
        Directory = directory;
        Host = host;
        Gemini = gemini;
        Time = time;
    }

    /// <summary>Where the store and the model files live; survives <see cref="DisposeAsync"/> for a restart.</summary>
    public string Directory { get; }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public IServiceProvider Services => Host.Services;

    public FakeGeminiServer Gemini { get; }

    public FakeTimeProvider Time { get; }

    /// <param name="directory">An earlier harness's <see cref="Directory"/> to restart over; null for a fresh one.</param>
    public static async Task<HistoryHarness> StartAsync(PrometheusHistoryFixture fixture, string? directory = null, IDictionary<string, string?>? settings = null)
    {
        directory ??= System.IO.Directory.CreateTempSubdirectory("kubewise-history-").FullName;
        var gemini = await FakeGeminiServer.StartAsync();
        var values = new Dictionary<string, string?>
        {
            ["LiteDb:FilePath"] = Path.Combine(directory, "kubewise.db"),
            ["ANOMALY_MODEL_PATH"] = Path.Combine(directory, "models", "forest.json"),
            ["Prometheus:Url"] = fixture.Url.ToString().TrimEnd('/'),
            ["GEMINI_API_KEY"] = "test-key",
            ["Gemini:Endpoint"] = gemini.BaseAddress.ToString(),
            ["Gemini:MaxRetries"] = "0",
            ["Worker:SleepIntervalSeconds"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        var time = new FakeTimeProvider(fixture.EvaluationTime);
        var host = await DurableTestHost.StartAsync(
            tasks => tasks.AddKubeWiseTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddLogging();
                    services.AddSingleton<TimeProvider>(time);
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddKubeWiseCore(configuration);
                    services.AddKubeWiseWorkflow(configuration);
                    services.AddKubeWiseApi(configuration);
                    services.AddMvcCore();
                },
            });
        return new HistoryHarness(directory, host, gemini, time);
    }

    public T Function<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public HttpRequest Request(string method, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Headers[CallerIdentity.FunctionKeyHeader] = ApiHarness.AliceKey;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    /// <summary>Stops the app; the directory stays for a restart (<see cref="DeleteDirectory"/> removes it).</summary>
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Gemini.DisposeAsync();
    }

    public void DeleteDirectory()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file for a moment.
        }
    }
}
