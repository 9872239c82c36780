using System.Text.Json.Nodes;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Tests.Remediation.Catalog;

public class StructuredCommandTests
{
    private static readonly RemediationCatalog Catalog = new();

    [Fact]
    public void Parse_FunctionCallArguments_GiveSameCommandAsText()
    {
        var args = JsonNode.Parse("""{"name":"web","ns":"shop","replicas":3}""")!.AsObject();

        var result = Catalog.Parse("scale_deployment", args);

        Assert.True(result.Succeeded, result.Error?.Reason);
        Assert.Equal("scale_deployment name=web ns=shop replicas=3", result.Command.ToString());
    }

    [Theory]
    [InlineData("""{"operation":"scale_deployment","name":"web","ns":"shop","replicas":3.0}""", "scale_deployment name=web ns=shop replicas=3")]
    [InlineData("""{"operation":"cordon_node","name":"worker-1","ns":null,"replicas":null}""", "cordon_node name=worker-1")]
    [InlineData("""{"operation":"set_resources","name":"web","ns":"shop","container":"app","memory_limit":"512Mi"}""", "set_resources name=web ns=shop container=app memory_limit=512Mi")]
    public void ParseItem_StructuredOutput_GivesCommand(string json, string expected)
    {
        var result = Catalog.ParseItem(JsonNode.Parse(json));

        Assert.True(result.Succeeded, result.Error?.Reason);
        Assert.Equal(expected, result.Command.ToString());
    }

    [Theory]
    [InlineData("""{"operation":"scale_deployment","name":"web","ns":"shop","replicas":2.5}""", CommandErrorCode.InvalidValue)]
    [InlineData("""{"operation":"scale_deployment","name":"web","ns":"shop","replicas":"-4"}""", CommandErrorCode.InvalidValue)]
    [InlineData("""{"operation":"scale_deployment","name":{"a":1},"ns":"shop","replicas":2}""", CommandErrorCode.InvalidValue)]
    [InlineData("""{"operation":"cordon_node","name":"worker-1","ns":"default"}""", CommandErrorCode.UnknownParameter)]
    [InlineData("""{"operation":"delete_namespace","name":"prod"}""", CommandErrorCode.UnknownOperation)]
    [InlineData("""{"name":"prod"}""", CommandErrorCode.Empty)]
    [InlineData("""["restart_deployment"]""", CommandErrorCode.MalformedArgument)]
    [InlineData("""{"operation":"restart_deployment","name":"web","ns":"shop;kubectl delete ns prod"}""", CommandErrorCode.InvalidValue)]
    public void ParseItem_BadStructuredOutput_IsRefused(string json, CommandErrorCode code)
    {
        var result = Catalog.ParseItem(JsonNode.Parse(json));

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
    }

    [Fact]
    public void FunctionDeclarations_OneObjectSchemaPerOperation_WithoutRefs()
    {
        var declarations = Catalog.FunctionDeclarations();

        Assert.Equal(Catalog.Operations.Select(o => o.Name), declarations.Select(d => d!["name"]!.GetValue<string>()));
        var scale = declarations.Single(d => d!["name"]!.GetValue<string>() == "scale_deployment")!;
        Assert.Equal("object", scale["parameters"]!["type"]!.GetValue<string>());
        Assert.Equal(["name", "ns", "replicas"], scale["parameters"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("integer", scale["parameters"]!["properties"]!["replicas"]!["type"]!.GetValue<string>());
        Assert.Equal(0, scale["parameters"]!["properties"]!["replicas"]!["minimum"]!.GetValue<long>());
        Assert.DoesNotContain("$ref", declarations.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("$schema", declarations.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CommandItemSchema_ListsEveryOperationAndParameter()
    {
        var schema = Catalog.CommandItemSchema();

        var operations = schema["properties"]!["operation"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(Catalog.Operations.Select(o => o.Name), operations);
        foreach (var parameter in Catalog.Operations.SelectMany(o => o.Parameters))
        {
            Assert.NotNull(schema["properties"]![parameter.Name]);
        }

        Assert.Equal(["Deployment", "StatefulSet", "DaemonSet"], new[] { "deployment", "statefulset", "daemonset" }.Select(k =>
            Catalog.Parse($"set_resources name=a ns=b container=c kind={k} cpu_limit=1").Command!.Target.Kind));
    }

    [Fact]
    public void Listing_StatesReversibilityAndChangedFields()
    {
        var listing = Catalog.Listing();

        var byName = listing.ToDictionary(n => n!["name"]!.GetValue<string>());
        Assert.False(byName["restart_deployment"]!["reversible"]!.GetValue<bool>());
        Assert.False(byName["delete_pod"]!["reversible"]!.GetValue<bool>());
        Assert.True(byName["scale_statefulset"]!["reversible"]!.GetValue<bool>());
        Assert.Equal("spec.unschedulable", byName["cordon_node"]!["changes"]![0]!.GetValue<string>());
        Assert.Equal("Node", byName["drain_node"]!["target_kind"]!.GetValue<string>());
        Assert.Equal("rollback_deployment name=nginx ns=default", byName["rollback_deployment"]!["example"]!.GetValue<string>());
    }
}
