using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Configuration;
using KubeWise.Testing.Gemini;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeWise.Core.Tests.Analysis.Vertex;

/// <summary>
/// Production wiring (<c>AddKubeWiseCore</c>) with <c>Gemini:Provider=VertexAi</c>, pointed at a fake Gemini that only
/// accepts bearer tokens a <see cref="FakeGoogleTokenServer"/> issued and that have not expired, on one fake clock.
/// </summary>
internal sealed class VertexHarness : IAsyncDisposable
{
    private readonly string _directory;

    private VertexHarness(FakeGeminiServer gemini, FakeGoogleTokenServer tokens, FakeTimeProvider time, ServiceProvider services, string directory)
    {
        Gemini = gemini;
        Tokens = tokens;
        Time = time;
        Services = services;
        _directory = directory;
    }

    public FakeGeminiServer Gemini { get; }

    public FakeGoogleTokenServer Tokens { get; }

    public FakeTimeProvider Time { get; }

    public ServiceProvider Services { get; }

    public IAnomalyAnalyzer Analyzer => Services.GetRequiredService<IAnomalyAnalyzer>();

    public GeminiHealth Health => Services.GetRequiredService<GeminiHealth>();

    /// <param name="credentials">"key" (a service-account key file), "metadata" (the metadata server), "foreign-key" (a key the token server does not trust).</param>
    public static async Task<VertexHarness> StartAsync(string credentials = "key", Dictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero));
        var tokens = await FakeGoogleTokenServer.StartAsync(time);
        var gemini = await FakeGeminiServer.StartAsync();
        gemini.AcceptBearer = tokens.IsValid;
        var directory = Directory.CreateTempSubdirectory("kubewise-vertex-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Gemini:Provider"] = "VertexAi",
            ["Gemini:RetryBaseDelayMilliseconds"] = "10",
            ["Vertex:Project"] = "demo-project",
            ["Vertex:Location"] = "us-central1",
            ["Vertex:Endpoint"] = gemini.BaseAddress.ToString(),
        };
        switch (credentials)
        {
            case "key":
                values["Vertex:CredentialsFile"] = Write(directory, tokens.CreateServiceAccountKey());
                break;
            case "foreign-key":
                await using (var stranger = await FakeGoogleTokenServer.StartAsync(time))
                {
                    // Signed with another key but sent to this token server.
                    values["Vertex:CredentialsFile"] = Write(directory, stranger.CreateServiceAccountKey().Replace(stranger.BaseAddress.ToString(), tokens.BaseAddress.ToString(), StringComparison.Ordinal));
                }

                break;
            case "metadata":
                values["Vertex:MetadataServerUrl"] = tokens.BaseAddress.ToString();
                break;
        }

        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).AddSeedAliases().Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddKubeWiseCore(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new VertexHarness(gemini, tokens, time, services, directory);
    }

    public const string GenerateContentPath = "/v1/projects/demo-project/locations/us-central1/publishers/google/models/gemini-3.8-flash:generateContent";

    private static string Write(string directory, string json)
    {
        var path = Path.Combine(directory, "key.json");
        File.WriteAllText(path, json);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Gemini.DisposeAsync();
        await Tokens.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
