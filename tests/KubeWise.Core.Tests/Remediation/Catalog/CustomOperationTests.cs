using KubeWise.Core.Remediation.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Remediation.Catalog;

public class CustomOperationTests
{
    private static IServiceProvider Services(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddKubeWiseCore(configuration).BuildServiceProvider();
    }

    private static Dictionary<string, string?> Operation(string name, string kind, string patch, params (string Name, string Type, string? Min, string? Max, string? Values)[] parameters)
    {
        var prefix = "Remediation:Catalog:CustomOperations:0:";
        var values = new Dictionary<string, string?>
        {
            [prefix + "Name"] = name,
            [prefix + "Description"] = "Sets the log level of a workload through its annotation.",
            [prefix + "TargetKind"] = kind,
            [prefix + "Patch"] = patch,
        };
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = $"{prefix}Parameters:{i}:";
            values[p + "Name"] = parameters[i].Name;
            values[p + "Type"] = parameters[i].Type;
            values[p + "Minimum"] = parameters[i].Min;
            values[p + "Maximum"] = parameters[i].Max;
            if (parameters[i].Values is { } enumValues)
            {
                var split = enumValues.Split(',');
                for (var j = 0; j < split.Length; j++)
                {
                    values[$"{p}Values:{j}"] = split[j];
                }
            }
        }

        return values;
    }

    private const string LogLevelPatch = """{"spec":{"template":{"metadata":{"annotations":{"example.com/log-level":"{{level}}"}}}}}""";

    [Fact]
    public void CustomOperation_FromConfiguration_ParsesPrintsAndRendersTypedPatch()
    {
        var catalog = Services(Operation(
            "set_pdb_budget", "Deployment",
            """{"metadata":{"annotations":{"example.com/budget":"{{budget}}"}},"spec":{"minReadySeconds":"{{ready}}","paused":"{{paused}}"}}""",
            ("budget", "enum", null, null, "low,high"), ("ready", "integer", "0", "600", null), ("paused", "boolean", null, null, null)))
            .GetRequiredService<RemediationCatalog>();

        var result = catalog.Parse("set_pdb_budget name=web ns=shop budget=high ready=30 paused=false");

        Assert.True(result.Succeeded, result.Error?.Reason);
        var command = Assert.IsType<CustomCommand>(result.Command);
        Assert.Equal("set_pdb_budget name=web ns=shop budget=high ready=30 paused=false", command.ToString());
        Assert.Equal(new ObjectReference("Deployment", "shop", "web"), command.Target);
        Assert.Equal("""{"metadata":{"annotations":{"example.com/budget":"high"}},"spec":{"minReadySeconds":30,"paused":false}}""", command.RenderPatch().ToJsonString());
        Assert.Equal(["metadata.annotations[example.com/budget]", "spec.minReadySeconds", "spec.paused"], command.ChangedFields);
        Assert.Equal(["metadata.annotations[example.com/budget]", "spec.minReadySeconds", "spec.paused"], command.Operation.ChangedFields);
        Assert.True(command.Reversible);
        Assert.Equal(12, catalog.Operations.Count);
        Assert.Contains("set_pdb_budget", catalog.CommandItemSchema().ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("set_pdb_budget name=web ns=shop budget=medium ready=30 paused=false", CommandErrorCode.InvalidValue)]
    [InlineData("set_pdb_budget name=web ns=shop budget=high ready=601 paused=false", CommandErrorCode.InvalidValue)]
    [InlineData("set_pdb_budget name=web ns=shop budget=high ready=30", CommandErrorCode.MissingParameter)]
    [InlineData("set_pdb_budget name=web budget=high ready=30 paused=true", CommandErrorCode.MissingParameter)]
    public void CustomOperation_BadArguments_AreRefused(string text, CommandErrorCode code)
    {
        var catalog = Services(Operation(
            "set_pdb_budget", "Deployment",
            """{"metadata":{"annotations":{"example.com/budget":"{{budget}}"}},"spec":{"minReadySeconds":"{{ready}}","paused":"{{paused}}"}}""",
            ("budget", "enum", null, null, "low,high"), ("ready", "integer", "0", "600", null), ("paused", "boolean", null, null, null)))
            .GetRequiredService<RemediationCatalog>();

        Assert.Equal(code, catalog.Parse(text).Error?.Code);
    }

    public static TheoryData<Dictionary<string, string?>, string> InvalidDefinitions => new()
    {
        { Operation("restart_deployment", "Deployment", LogLevelPatch, ("level", "token", null, null, null)), "has the name of another operation" },
        { Operation("Set-Level", "Deployment", LogLevelPatch, ("level", "token", null, null, null)), "lowercase snake_case" },
        { Operation("set_level", "Namespace", LogLevelPatch, ("level", "token", null, null, null)), "TargetKind must be one of" },
        { Operation("set_level", "Deployment", "{not json", ("level", "token", null, null, null)), "not valid JSON" },
        { Operation("set_level", "Deployment", "[1]", ("level", "token", null, null, null)), "must be a JSON object" },
        { Operation("set_level", "Deployment", """{"status":{"x":"{{level}}"}}""", ("level", "token", null, null, null)), "may only change spec" },
        { Operation("set_level", "Deployment", """{"metadata":{"name":"{{level}}"}}""", ("level", "token", null, null, null)), "not 'metadata.name'" },
        { Operation("set_level", "Deployment", """{"spec":{"paused":null}}"""), "must not delete fields" },
        { Operation("set_level", "Deployment", """{"spec":{"x":"{{other}}"}}""", ("level", "token", null, null, null)), "not a placeholder of a declared parameter" },
        { Operation("set_level", "Deployment", """{"spec":{"x":"v{{level}}"}}""", ("level", "token", null, null, null)), "not a placeholder" },
        { Operation("set_level", "Deployment", """{"spec":{"x":1}}""", ("level", "token", null, null, null)), "'level' is not used" },
        { Operation("set_level", "Deployment", LogLevelPatch, ("level", "float", null, null, null)), "unknown type 'float'" },
        { Operation("set_level", "Deployment", LogLevelPatch, ("level", "integer", "10", null, null)), "needs Minimum <= Maximum" },
        { Operation("set_level", "Deployment", LogLevelPatch, ("level", "enum", null, null, null)), "needs Values" },
        { Operation("set_level", "Deployment", LogLevelPatch, ("ns", "token", null, null, null)), "reserved" },
    };

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void CustomOperation_InvalidDefinition_FailsStartUpWithReason(Dictionary<string, string?> configuration, string reason)
    {
        var services = Services(configuration);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RemediationCatalogOptions>>().Value);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomOperation_OptionalParameterNotGiven_LeavesFieldOut()
    {
        var values = Operation("tune_rollout", "Deployment", """{"spec":{"minReadySeconds":"{{ready}}","paused":"{{paused}}"}}""",
            ("ready", "integer", "0", "600", null), ("paused", "boolean", null, null, null));
        values["Remediation:Catalog:CustomOperations:0:Parameters:1:Required"] = "false";
        var catalog = Services(values).GetRequiredService<RemediationCatalog>();

        var command = Assert.IsType<CustomCommand>(catalog.Parse("tune_rollout name=web ns=shop ready=10").Command);

        Assert.Equal("""{"spec":{"minReadySeconds":10}}""", command.RenderPatch().ToJsonString());
        Assert.Equal(["spec.minReadySeconds"], command.ChangedFields);
    }

    [Fact]
    public void CustomOperation_OnNode_HasNoNamespaceParameter()
    {
        var catalog = Services(Operation("label_node_degraded", "Node", """{"metadata":{"labels":{"example.com/degraded":"{{state}}"}}}""",
            ("state", "enum", null, null, "yes,no"))).GetRequiredService<RemediationCatalog>();

        var command = catalog.Parse("label_node_degraded name=worker-1 state=yes").Command;

        Assert.Equal(new ObjectReference("Node", null, "worker-1"), command?.Target);
        Assert.Equal(CommandErrorCode.UnknownParameter, catalog.Parse("label_node_degraded name=worker-1 ns=default state=yes").Error?.Code);
    }
}
