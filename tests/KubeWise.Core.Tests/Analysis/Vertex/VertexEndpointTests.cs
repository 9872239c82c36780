using KubeWise.Core.Analysis;
using KubeWise.Core.Analysis.Gemini;
using KubeWise.Core.Analysis.Vertex;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Analysis.Vertex;

public class VertexEndpointTests
{
    [Theory]
    [InlineData("us-central1", "https://us-central1-aiplatform.googleapis.com/v1/projects/acme-prod/locations/us-central1/publishers/google/models/gemini-3.8-flash:generateContent")]
    [InlineData("europe-west4", "https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/gemini-3.8-flash:generateContent")]
    [InlineData("global", "https://aiplatform.googleapis.com/v1/projects/acme-prod/locations/global/publishers/google/models/gemini-3.8-flash:generateContent")]
    public void GenerateContentUri_PerLocation_UsesTheLocationsHost(string location, string expected)
    {
        var endpoint = new VertexEndpoint(
            Options.Create(new GeminiOptions { Provider = GeminiProvider.VertexAi }),
            Options.Create(new VertexOptions { Project = "acme-prod", Location = location }),
            new NoTokens());

        Assert.Equal(expected, endpoint.GenerateContentUri.AbsoluteUri);
        Assert.True(endpoint.IsConfigured);
    }

    private sealed class NoTokens : IGoogleAccessTokenSource
    {
        public Task<string> GetAccessTokenAsync(CancellationToken cancellationToken) => throw new GoogleCredentialsException("none");
    }
}

public class ProviderSelectionTests
{
    [Theory]
    [InlineData(null, typeof(GeminiDeveloperEndpoint))]
    [InlineData("DeveloperApi", typeof(GeminiDeveloperEndpoint))]
    [InlineData("VertexAi", typeof(VertexEndpoint))]
    public void AddKubeWiseCore_Provider_ChoosesTheTransport(string? provider, Type expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gemini:Provider"] = provider, ["Vertex:Project"] = "acme-prod" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddKubeWiseCore(configuration).BuildServiceProvider();

        var endpoint = services.GetRequiredService<IGeminiEndpoint>();

        Assert.IsType(expected, endpoint);
    }
}
