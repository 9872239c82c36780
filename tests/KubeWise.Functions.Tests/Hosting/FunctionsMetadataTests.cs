using System.Reflection;
using System.Text.Json.Nodes;
using KubeWise.Application.Activities;
using KubeWise.Application;
using KubeWise.Application.Orchestrations;
using KubeWise.Functions.Triggers;
using KubeWise.Testing;
using Microsoft.Azure.Functions.Worker;

namespace KubeWise.Functions.Tests.Hosting;

/// <summary>
/// The Functions host cannot run here; what it would load is the build's <c>functions.metadata</c>. These tests read
/// it and check every function the code declares is there with the bindings the host needs.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<JsonArray> Metadata = new(() =>
    {
        var path = FunctionsOutput.Combine("functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build src/KubeWise.Functions first.");
        return JsonNode.Parse(File.ReadAllText(path))!.AsArray();
    });

    [Fact]
    public void Metadata_ListsExactlyTheDeclaredFunctions()
    {
        var declared = typeof(KubeWise.Functions.Triggers.ScanTimerFunction).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, Names().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_EveryOrchestratorHasItsTriggerUnderItsName()
    {
        foreach (var orchestrator in WorkflowTasks.Orchestrators)
        {
            var binding = Assert.Single(Bindings(orchestrator.Name));
            Assert.Equal(("orchestrationTrigger", "In"), (binding["type"]!.GetValue<string>(), binding["direction"]!.GetValue<string>()));
        }

        Assert.Contains(WorkflowTasks.Orchestrators, o => o.Name == nameof(RemediationOrchestrator));
        Assert.Equal(WorkflowTasks.Orchestrators.Count,
            Metadata.Value.Count(f => Bindings(f!["name"]!.GetValue<string>()).Any(b => b["type"]!.GetValue<string>() == "orchestrationTrigger")));
    }

    [Fact]
    public void Metadata_EveryActivityHasAnActivityTriggerUnderItsClassName()
    {
        foreach (var activity in WorkflowTasks.Activities)
        {
            Assert.Equal(activity.Type.Name, activity.Name);
            var trigger = Assert.Single(Bindings(activity.Name), b => b["type"]!.GetValue<string>() == "activityTrigger");
            Assert.Equal("In", trigger["direction"]!.GetValue<string>());
        }

        Assert.Equal(WorkflowTasks.Activities.Count,
            Metadata.Value.Count(f => Bindings(f!["name"]!.GetValue<string>()).Any(b => b["type"]!.GetValue<string>() == "activityTrigger")));
    }

    [Fact]
    public void Metadata_ScanTimerRunsOnTheAppSettingScheduleWithADurableClient()
    {
        var bindings = Bindings(ScanTimerFunction.Name);
        var timer = Assert.Single(bindings, b => b["type"]!.GetValue<string>() == "timerTrigger");
        Assert.Equal("%ScanSchedule%", timer["schedule"]!.GetValue<string>());
        Assert.Single(bindings, b => b["type"]!.GetValue<string>() == "durableClient");
    }

    [Fact]
    public void Metadata_QueryProposalTimerRunsOnItsOwnAppSettingSchedule()
    {
        var binding = Assert.Single(Bindings(QueryProposalTimerFunction.Name));
        Assert.Equal("timerTrigger", binding["type"]!.GetValue<string>());
        Assert.Equal("%QueryProposalSchedule%", binding["schedule"]!.GetValue<string>());
    }

    [Fact]
    public void Metadata_EntryPointsResolveToTheWrapperMethods()
    {
        foreach (var function in Metadata.Value.Select(f => f!.AsObject()))
        {
            var entryPoint = function["entryPoint"]!.GetValue<string>();
            var split = entryPoint.LastIndexOf('.');
            var type = typeof(KubeWise.Functions.Triggers.ScanTimerFunction).Assembly.GetType(entryPoint[..split]);
            Assert.True(type?.GetMethod(entryPoint[(split + 1)..]) is not null, $"{function["name"]}: {entryPoint} does not exist");
            Assert.Equal("KubeWise.Functions.dll", function["scriptFile"]!.GetValue<string>());
        }
    }

    [Fact]
    public void SampleSettings_DefineTheScanSchedule_EveryThirtySeconds()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")))!;
        Assert.Equal("*/30 * * * * *", sample["Values"]!["ScanSchedule"]!.GetValue<string>());
    }

    [Fact]
    public void SampleSettings_DefineTheQueryProposalSchedule_Hourly()
    {
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("local.settings.sample.json")))!;
        Assert.Equal("0 0 * * * *", sample["Values"]!["QueryProposalSchedule"]!.GetValue<string>());
    }

    private static IEnumerable<string> Names() => Metadata.Value.Select(f => f!["name"]!.GetValue<string>());

    private static List<JsonObject> Bindings(string function)
    {
        var entry = Metadata.Value.SingleOrDefault(f => f!["name"]!.GetValue<string>() == function)
            ?? throw new Xunit.Sdk.XunitException($"{function} is not in functions.metadata; it has: {string.Join(", ", Names())}");
        return [.. entry["bindings"]!.AsArray().Select(b => b!.AsObject())];
    }
}
