using System.Text.Json;

namespace KubeWise.Cli.Tests.Commands;

/// <summary>The built <c>kubewise</c> as a user runs it: stdout holds the JSON document and nothing else.</summary>
[Collection(ExplainCollection.Name)]
public sealed class ScanExplainProcessTests(ExplainWorld world)
{
    [Fact]
    public async Task Explain_JsonOutputFromTheProcess_IsOneDocumentWithDiagnosticsKeptOffStdout()
    {
        var home = Directory.CreateTempSubdirectory("kubewise-home-").FullName;
        try
        {
            // No key and no cluster: the rule analyzer answers and logs why, which must not end up in the JSON.
            var run = await CliProcess.RunAsync(
                ["scan", "--prometheus", world.Prometheus, "--at", "2025-06-02T09:32:00Z", "--model", world.ModelPath, "--explain", "--output", "json"],
                new Dictionary<string, string?> { ["GEMINI_API_KEY"] = null, ["Gemini__ApiKey"] = null, ["KUBECONFIG"] = null, ["HOME"] = home });

            Assert.True(run.ExitCode == 3, run.ToString());
            using var json = JsonDocument.Parse(run.Stdout);
            var anomalies = json.RootElement.GetProperty("anomalies").EnumerateArray().ToList();
            Assert.NotEmpty(anomalies);
            Assert.All(anomalies, a => Assert.Equal("GEMINI_API_KEY is not set.", a.GetProperty("analysis").GetProperty("fallback_reason").GetString()));
            Assert.False(json.RootElement.GetProperty("cluster").GetProperty("connected").GetBoolean());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
