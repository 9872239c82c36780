using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.K8s;

/// <summary>How the Functions app is split over the two Deployments: HTTP + timer in kubewise-api, Durable in kubewise-workers.</summary>
[Collection(RepositoryBuildCollection.Name)]
public class FunctionsDeploymentTests
{
    private const string FunctionListPrefix = "AzureFunctionsJobHost__functions__";
    private static readonly string[] DurableTriggers = ["orchestrationTrigger", "activityTrigger", "entityTrigger"];

    private static V1Deployment Deployment(string name) =>
        Manifests.OfKind<V1Deployment>("k8s").Single(d => d.Metadata.Name == name);

    private static IList<V1EnvVar> Env(V1Deployment deployment) => deployment.Spec.Template.Spec.Containers.Single().Env;

    private static List<string> WorkerFunctions()
    {
        var list = Env(Deployment("kubewise-workers")).Where(e => e.Name.StartsWith(FunctionListPrefix, StringComparison.Ordinal)).ToList();
        // The host reads the list as an array: indices must run 0..N-1 or the rest is ignored.
        Assert.Equal(
            Enumerable.Range(0, list.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            list.Select(e => e.Name[FunctionListPrefix.Length..]));
        return list.Select(e => e.Value).ToList();
    }

    private static List<string> ApiDisabledFunctions() =>
        Env(Deployment("kubewise-api"))
            .Where(e => e.Name.StartsWith("AzureWebJobs.", StringComparison.Ordinal) && e.Name.EndsWith(".Disabled", StringComparison.Ordinal))
            .Where(e => e.Value == "true")
            .Select(e => e.Name["AzureWebJobs.".Length..^".Disabled".Length])
            .ToList();

    [Fact]
    public void BothDeployments_ShareOneHostId_SoTheTimerFiresOncePerSchedule()
    {
        var ids = new[] { "kubewise-api", "kubewise-workers" }
            .Select(n => Env(Deployment(n)).SingleOrDefault(e => e.Name == "AzureFunctionsWebHost__hostid")?.Value)
            .ToList();

        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Single(ids.Distinct());
        // The host truncates ids to 32 characters: a longer one could collide with another app's.
        Assert.InRange(ids[0]!.Length, 1, 32);
    }

    [Fact]
    public void ApiDeployment_HasAtLeastOneReplica()
    {
        Assert.True(Deployment("kubewise-api").Spec.Replicas >= 1);
    }

    [Fact]
    public void Workers_RunOnlyTheDurableFunctions_AndTheApiDisablesExactlyThose()
    {
        var workers = WorkerFunctions();

        Assert.NotEmpty(workers);
        Assert.Contains("RemediationOrchestrator", workers);
        Assert.Equal(workers.Count, workers.Distinct().Count());
        Assert.Equal(workers.Order(), ApiDisabledFunctions().Order());
    }

    [Fact]
    public void EveryFunctionInTheBuild_RunsInExactlyOneDeploymentChosenByItsTrigger()
    {
        var workers = WorkerFunctions().ToHashSet();
        var disabledInApi = ApiDisabledFunctions().ToHashSet();

        foreach (var function in FunctionsMetadata())
        {
            var name = function!["name"]!.GetValue<string>();
            var triggers = function["bindings"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).ToList();
            var durable = triggers.Any(t => DurableTriggers.Contains(t, StringComparer.OrdinalIgnoreCase));
            var runsInWorkers = workers.Contains(name);
            var runsInApi = !disabledInApi.Contains(name);

            Assert.True(runsInWorkers != runsInApi, $"{name} runs in {(runsInWorkers ? "both Deployments" : "neither Deployment")}");
            Assert.True(durable == runsInWorkers, $"{name} ({string.Join(", ", triggers)}) runs in the wrong Deployment");
        }
    }

    [Fact]
    public void WorkerProbes_DoNotNeedAnHttpFunction()
    {
        // The workers host no HTTP function: an httpGet probe on an API route would never succeed there.
        var container = Deployment("kubewise-workers").Spec.Template.Spec.Containers.Single();
        Assert.Null(container.ReadinessProbe.HttpGet);
        Assert.Null(container.LivenessProbe.HttpGet);
    }

    /// <summary>functions.metadata of the Functions build (same configuration as this test build).</summary>
    internal static JsonArray FunctionsMetadata()
    {
        var configuration = typeof(FunctionsDeploymentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "Configuration").Value!;
        var path = RepositoryPaths.Combine("src", "KubeWise.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/KubeWise.Functions -c {configuration}");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    }
}
