using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Tests.Remediation.Catalog;

public class CommandParserTests
{
    private static readonly RemediationCatalog Catalog = new();

    public static TheoryData<string> CanonicalCommands => new()
    {
        "restart_deployment name=nginx ns=default",
        "restart_deployment name=nginx-deployment ns=default",
        "restart_statefulset name=postgres ns=db",
        "restart_daemonset name=node-exporter ns=monitoring",
        "scale_deployment name=x ns=y replicas=3",
        "scale_deployment name=web ns=shop replicas=0",
        "scale_statefulset name=postgres ns=db replicas=5",
        "delete_pod name=nginx-7c5ddbdf54-x2v9q ns=default",
        "set_resources name=web ns=shop container=app cpu_request=250m",
        "set_resources name=web ns=shop container=app kind=statefulset cpu_request=250m cpu_limit=500m memory_request=256Mi memory_limit=512Mi",
        "set_resources name=web ns=shop container=app memory_limit=1Gi",
        "set_resources name=web ns=shop container=app cpu_limit=1.5",
        "cordon_node name=worker-1",
        "uncordon_node name=ip-10-0-1-23.eu-west-1.compute.internal",
        "drain_node name=worker-1",
        "rollback_deployment name=nginx ns=default",
    };

    [Theory]
    [MemberData(nameof(CanonicalCommands))]
    public void Parse_CanonicalText_PrintsBackIdentically(string text)
    {
        var result = Catalog.Parse(text);

        Assert.True(result.Succeeded, result.Error?.Reason);
        Assert.Equal(text, result.Command.ToString());
        Assert.Equal(result.Command, Catalog.Parse(result.Command.ToString()).Command);
    }

    [Fact]
    public void Parse_EveryOperationExample_RoundTrips()
    {
        foreach (var operation in Catalog.Operations)
        {
            var result = Catalog.Parse(operation.Example);
            Assert.True(result.Succeeded, $"{operation.Name}: {result.Error?.Reason}");
            Assert.Equal(operation.Example, result.Command.ToString());
            Assert.Same(operation, result.Command.Operation);
        }

        Assert.Equal(11, Catalog.Operations.Count);
    }

    [Fact]
    public void Parse_SeedExamples_GiveTypedCommands()
    {
        var restart = Assert.IsType<RestartDeploymentCommand>(Catalog.Parse("restart_deployment name=nginx-deployment ns=default").Command);
        var scale = Assert.IsType<ScaleDeploymentCommand>(Catalog.Parse("scale_deployment name=nginx-deployment ns=default replicas=3").Command);

        Assert.Equal(new RestartDeploymentCommand("nginx-deployment", "default"), restart);
        Assert.Equal(new ScaleDeploymentCommand("nginx-deployment", "default", 3), scale);
        Assert.Equal(new ObjectReference("Deployment", "default", "nginx-deployment"), scale.Target);
        Assert.Equal(["spec.replicas"], scale.ChangedFields);
        Assert.True(scale.Reversible);
        Assert.False(restart.Reversible);
    }

    [Theory]
    [InlineData("  scale_deployment   replicas=3 ns=y\tname=x ", "scale_deployment name=x ns=y replicas=3")]
    [InlineData("set_resources memory_limit=512Mi container=app ns=a name=b", "set_resources name=b ns=a container=app memory_limit=512Mi")]
    public void Parse_ArgumentsInAnyOrder_PrintInDeclaredOrder(string text, string canonical)
    {
        Assert.Equal(canonical, Catalog.Parse(text).Command?.ToString());
    }

    public static TheoryData<string, CommandErrorCode, string> MalformedCommands => new()
    {
        { "", CommandErrorCode.Empty, "empty" },
        { "   ", CommandErrorCode.Empty, "empty" },
        { "delete_namespace name=default", CommandErrorCode.UnknownOperation, "'delete_namespace' is not an operation" },
        { "kubectl delete ns default", CommandErrorCode.UnknownOperation, "'kubectl' is not an operation" },
        { "Restart_Deployment name=nginx ns=default", CommandErrorCode.UnknownOperation, "not an operation" },
        { "restart_deployment name=nginx ns=default force=true", CommandErrorCode.UnknownParameter, "has no parameter 'force'" },
        { "restart_deployment name=nginx namespace=default", CommandErrorCode.UnknownParameter, "has no parameter 'namespace'" },
        { "restart_deployment name=nginx", CommandErrorCode.MissingParameter, "needs parameter 'ns'" },
        { "scale_deployment name=x ns=y", CommandErrorCode.MissingParameter, "needs parameter 'replicas'" },
        { "cordon_node", CommandErrorCode.MissingParameter, "needs parameter 'name'" },
        { "restart_deployment name=a name=b ns=default", CommandErrorCode.DuplicateParameter, "'name' is given more than once" },
        { "restart_deployment name=nginx ns", CommandErrorCode.MalformedArgument, "'ns' is not of the form key=value" },
        { "restart_deployment name= ns=default", CommandErrorCode.MalformedArgument, "key=value" },
        { "restart_deployment =nginx ns=default", CommandErrorCode.MalformedArgument, "key=value" },
        { "scale_deployment name=x ns=y replicas=-1", CommandErrorCode.InvalidValue, "replicas='-1' must be between 0 and 1000" },
        { "scale_deployment name=x ns=y replicas=1001", CommandErrorCode.InvalidValue, "must be between 0 and 1000" },
        { "scale_deployment name=x ns=y replicas=three", CommandErrorCode.InvalidValue, "must be a whole number" },
        { "scale_deployment name=x ns=y replicas=2.5", CommandErrorCode.InvalidValue, "must be a whole number" },
        { "scale_deployment name=x ns=y replicas=+3", CommandErrorCode.InvalidValue, "must be a whole number" },
        { "scale_deployment name=x ns=y replicas=99999999999999999999", CommandErrorCode.InvalidValue, "must be a whole number" },
        { "restart_deployment name=Nginx ns=default", CommandErrorCode.InvalidValue, "DNS-1123 subdomain" },
        { "restart_deployment name=nginx- ns=default", CommandErrorCode.InvalidValue, "DNS-1123 subdomain" },
        { "restart_deployment name=nginx ns=my.namespace", CommandErrorCode.InvalidValue, "DNS-1123 label" },
        { "restart_deployment name=nginx ns=" + "a123456789a123456789a123456789a123456789a123456789a123456789abcd", CommandErrorCode.InvalidValue, "at most 63 characters" },
        { "restart_deployment name=../etc ns=default", CommandErrorCode.InvalidValue, "DNS-1123 subdomain" },
        { "restart_deployment name=nginx ns=default;rm", CommandErrorCode.InvalidCharacters, "not allowed" },
        { "restart_deployment name=nginx ns=default\ndrain_node name=worker-1", CommandErrorCode.InvalidCharacters, "not allowed (U+000A)" },
        { "restart_deployment name=\"nginx\" ns=default", CommandErrorCode.InvalidCharacters, "not allowed" },
        { "restart_deployment name=nginx ns=d\u00e9faut", CommandErrorCode.InvalidCharacters, "not allowed (U+00E9)" },
        { "set_resources name=web ns=shop container=app", CommandErrorCode.InvalidCombination, "needs at least one of" },
        { "set_resources name=web ns=shop container=app cpu_request=1 cpu_limit=500m", CommandErrorCode.InvalidCombination, "cpu_request 1 is above cpu_limit 500m" },
        { "set_resources name=web ns=shop container=app memory_request=1Gi memory_limit=512Mi", CommandErrorCode.InvalidCombination, "memory_request 1Gi is above memory_limit 512Mi" },
        { "set_resources name=web ns=shop container=app cpu_limit=-500m", CommandErrorCode.InvalidValue, "CPU quantity" },
        { "set_resources name=web ns=shop container=app cpu_limit=500x", CommandErrorCode.InvalidValue, "CPU quantity" },
        { "set_resources name=web ns=shop container=app cpu_limit=0.0001", CommandErrorCode.InvalidValue, "whole number of millicores" },
        { "set_resources name=web ns=shop container=app cpu_limit=0", CommandErrorCode.InvalidValue, "at least 1m" },
        { "set_resources name=web ns=shop container=app memory_limit=256", CommandErrorCode.InvalidValue, "at least 1Mi" },
        { "set_resources name=web ns=shop container=app memory_limit=256m", CommandErrorCode.InvalidValue, "no millibyte" },
        { "set_resources name=web ns=shop container=app memory_limit=256MB", CommandErrorCode.InvalidValue, "memory quantity" },
        { "set_resources name=web ns=shop container=app memory_limit=99999999999999Ei", CommandErrorCode.InvalidValue, "too large" },
        { "set_resources name=web ns=shop container=App_1 cpu_limit=1", CommandErrorCode.InvalidValue, "container='App_1' must be a DNS-1123 label" },
        { "set_resources name=web ns=shop container=app kind=pod cpu_limit=1", CommandErrorCode.InvalidValue, "must be one of deployment, statefulset, daemonset" },
        { "cordon_node name=worker-1 ns=default", CommandErrorCode.UnknownParameter, "cordon_node has no parameter 'ns'" },
    };

    [Theory]
    [MemberData(nameof(MalformedCommands))]
    public void Parse_MalformedCommand_IsRefusedWithReason(string text, CommandErrorCode code, string reason)
    {
        var result = Catalog.Parse(text);

        Assert.False(result.Succeeded);
        Assert.Equal(code, result.Error.Code);
        Assert.Contains(reason, result.Error.Reason, StringComparison.Ordinal);
        Assert.Equal(text, result.Input);
    }

    [Fact]
    public void Parse_TooLongOrNull_IsRefused()
    {
        Assert.Equal(CommandErrorCode.TooLong, Catalog.Parse("restart_deployment name=a ns=" + new string('a', 1100)).Error?.Code);
        Assert.Equal(CommandErrorCode.Empty, Catalog.Parse(null).Error?.Code);
    }

    [Theory]
    [InlineData("cpu_limit=250m", "limits.cpu", "0.25")]
    [InlineData("cpu_limit=2", "limits.cpu", "2")]
    [InlineData("cpu_limit=0.5", "limits.cpu", "0.5")]
    [InlineData("memory_limit=256Mi", "limits.memory", "268435456")]
    [InlineData("memory_limit=1G", "limits.memory", "1000000000")]
    [InlineData("memory_request=1e9", "requests.memory", "1000000000")]
    [InlineData("memory_request=2Ei", "requests.memory", "2305843009213693952")]
    public void Parse_Quantities_CarryBaseUnitValues(string argument, string field, string expected)
    {
        var command = Assert.IsType<SetResourcesCommand>(Catalog.Parse($"set_resources name=web ns=shop container=app {argument}").Command);

        var (actualField, value) = Assert.Single(command.Quantities());
        Assert.Equal(field, actualField);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value.Value);
        Assert.Equal([$"spec.template.spec.containers[name=app].resources.{field}"], command.ChangedFields);
    }

    [Fact]
    public void SetResources_KindSelectsTarget()
    {
        var command = Catalog.Parse("set_resources name=db ns=data container=pg kind=statefulset memory_limit=2Gi").Command;

        Assert.Equal(new ObjectReference("StatefulSet", "data", "db"), command?.Target);
        Assert.Equal("Deployment", Catalog.Parse("set_resources name=db ns=data container=pg memory_limit=2Gi").Command?.Target.Kind);
    }

    [Fact]
    public void Fingerprint_IsStableAndDistinguishesCommands()
    {
        var a = Catalog.Parse("scale_deployment name=x ns=y replicas=3").Command!;
        var b = Catalog.Parse("scale_deployment replicas=3 name=x ns=y").Command!;
        var c = Catalog.Parse("scale_deployment name=x ns=y replicas=4").Command!;

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
        Assert.Equal(16, a.Fingerprint.Length);
    }
}
