using System.Text.Json.Nodes;
using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Containers;

public class ComposeTests
{
    private static JsonObject Compose() => YamlJson.Parse(File.ReadAllText(RepositoryPaths.Combine("docker-compose.yml")))!.AsObject();

    private static JsonObject Services() => Compose()["services"]!.AsObject();

    private static JsonObject AppEnvironment() => Services()["kubewise"]!["environment"]!.AsObject();

    [Fact]
    public void RunsTheAppWithAzuriteMongoDbAndPrometheus()
    {
        Assert.Superset(new HashSet<string> { "azurite", "mongodb", "prometheus", "kubewise" }, Services().Select(s => s.Key).ToHashSet());
    }

    [Fact]
    public void EveryFileItReferences_Exists()
    {
        var app = Services()["kubewise"]!["build"]!;
        var context = RepositoryPaths.Combine(app["context"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(context, app["dockerfile"]!.GetValue<string>())), "the Dockerfile the app builds from");

        var bindSources = Services()
            .SelectMany(s => s.Value!["volumes"]?.AsArray() ?? [])
            .Select(v => v!.GetValue<string>().Split(':')[0])
            .Where(source => source.StartsWith("./", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(bindSources);
        Assert.All(bindSources, source => Assert.True(File.Exists(RepositoryPaths.Combine(source[2..])), $"{source} is mounted but missing"));
    }

    [Fact]
    public void App_IsWiredToTheOtherServicesByName()
    {
        var env = AppEnvironment();
        var storage = env["AzureWebJobsStorage"]!.GetValue<string>();

        // Inside a container "UseDevelopmentStorage=true" means the container itself, not the azurite service.
        Assert.DoesNotContain("UseDevelopmentStorage", storage, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=http://azurite:10001/", storage, StringComparison.Ordinal);
        Assert.Equal("mongodb://mongodb:27017", env["MONGODB_ATLAS_URI"]!.GetValue<string>());
        Assert.Equal("http://prometheus:9090", env["PROMETHEUS_URL"]!.GetValue<string>());
        Assert.Equal("MANUAL", env["REMEDIATION_MODE"]!.GetValue<string>());
        Assert.Equal("${GEMINI_API_KEY:-}", env["GEMINI_API_KEY"]!.GetValue<string>());
    }

    [Fact]
    public void Prometheus_LoadsTheScrapeConfigItMounts()
    {
        var prometheus = Services()["prometheus"]!;
        var mount = prometheus["volumes"]!.AsArray().Select(v => v!.GetValue<string>()).Single(v => v.Contains("prometheus.yml", StringComparison.Ordinal)).Split(':');
        var config = YamlJson.Parse(File.ReadAllText(RepositoryPaths.Combine(mount[0][2..])))!;

        Assert.Contains($"--config.file={mount[1]}", prometheus["command"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotEmpty(config["scrape_configs"]!.AsArray());
        Assert.All(config["scrape_configs"]!.AsArray(), job => Assert.NotEmpty(job!["static_configs"]![0]!["targets"]!.AsArray()));
    }

    [Fact]
    public void ScrapeConfig_PassesPromtoolCheck()
    {
        // promtool comes with Debian's prometheus package (tests/setup/10-prometheus.sh installs it).
        var result = Script.RunProgram("promtool", ["check", "config", RepositoryPaths.Combine("k8s", "compose", "prometheus.yml")], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("SUCCESS", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionKeys_AreSeededIntoTheFolderTheHostReads()
    {
        var env = AppEnvironment();
        var keysPath = env["FUNCTIONS_SECRETS_PATH"]!.GetValue<string>();
        var keys = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("k8s", "compose", "function-keys.dev.json")))!;

        Assert.Equal("files", env["AzureWebJobsSecretStorageType"]!.GetValue<string>());
        Assert.Contains(Services()["kubewise"]!["volumes"]!.AsArray(), v => v!.GetValue<string>().EndsWith(":" + keysPath, StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(keys["masterKey"]!["value"]!.GetValue<string>()));
        Assert.Equal("default", keys["functionKeys"]![0]!["name"]!.GetValue<string>());
    }
}
