using KubeWise.Core.Analysis.QueryProposals;
using KubeWise.Core.Configuration;
using KubeWise.Core.Metrics.Catalog;
using KubeWise.Testing.Gemini;
using KubeWise.Testing.Prometheus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Analysis.QueryProposals;

/// <summary>Production wiring: accepted proposals join the scan cycle's real <see cref="QueryCatalog"/> with origin AiProposed.</summary>
public sealed class ScanCatalogViewTests(PrometheusHistoryFixture fixture) : IClassFixture<PrometheusHistoryFixture>
{
    [Fact]
    public void Entries_BuiltInCatalog_CoverEveryWorkloadTypeAndNodes()
    {
        var view = new ScanCatalogView(new QueryCatalog([]));

        Assert.Empty(QueryProposer.PoorlyCovered(view.Entries, threshold: 1));
        Assert.DoesNotContain(view.Entries, e => BuiltInQueries.ResolutionQueries.Contains(e.Id));
    }

    [Fact]
    public async Task Propose_RealCatalog_AcceptedQueryJoinsItTaggedAiAndDuplicatesAreRefused()
    {
        var directory = Directory.CreateTempSubdirectory("kubewise-proposals-").FullName;
        await using var gemini = await FakeGeminiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GEMINI_API_KEY"] = "test-key",
            ["Gemini:Endpoint"] = gemini.BaseAddress.ToString(),
            ["Gemini:QueryProposals:Enabled"] = "true",
            ["Gemini:QueryProposals:PoorCoverageBelow"] = "100",
            ["Prometheus:Url"] = fixture.Url.ToString().TrimEnd('/'),
            ["LiteDb:FilePath"] = Path.Combine(directory, "kubewise.db"),
        }).AddSeedAliases().Build();
        try
        {
            await using var services = new ServiceCollection().AddLogging().AddKubeWiseCore(configuration)
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            var catalog = services.GetRequiredService<QueryCatalog>();
            var builtIn = catalog.Queries.First(q => q.Target == QueryTarget.Node && !BuiltInQueries.ResolutionQueries.Contains(q.Id));
            gemini.Enqueue(FakeGeminiReply.Json(new
            {
                queries = new[]
                {
                    new { id = "pod_memory_working_set", expression = "max by (namespace, pod) (container_memory_working_set_bytes)", entity_type = "pod", description = "Working set." },
                    new { id = "copy_of_builtin", expression = builtIn.Expression, entity_type = "node", description = "A copy." },
                },
            }));

            var round = await services.GetRequiredService<QueryProposer>().ProposeAsync(fixture.EvaluationTime);

            Assert.Equal(["pod_memory_working_set"], round.Accepted.Select(d => d.Query.Id));
            var added = Assert.Single(catalog.Queries, q => q.Origin == QueryOrigin.AiProposed);
            Assert.Equal("pod_memory_working_set", added.Id);
            Assert.Equal(["container_memory_working_set_bytes"], added.RequiredMetrics);
            Assert.Contains("already in the catalog", Assert.Single(round.Rejected).Reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
