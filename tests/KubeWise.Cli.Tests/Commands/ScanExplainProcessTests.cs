using System.Diagnostics;
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
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "kubewise.dll"), "scan", "--prometheus", world.Prometheus,
                "--at", "2025-06-02T09:32:00Z", "--model", world.ModelPath, "--explain", "--output", "json" })
            {
                start.ArgumentList.Add(arg);
            }

            // No key and no cluster: the rule analyzer answers and logs why, which must not end up in the JSON.
            start.Environment.Remove("GEMINI_API_KEY");
            start.Environment.Remove("Gemini__ApiKey");
            start.Environment.Remove("KUBECONFIG");
            start.Environment["HOME"] = home;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

            Assert.True(process.ExitCode == 3, await stdout + await stderr);
            using var json = JsonDocument.Parse(await stdout);
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
