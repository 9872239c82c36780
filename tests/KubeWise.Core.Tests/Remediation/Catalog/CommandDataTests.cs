using KubeWise.Core.Events;
using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Tests.Remediation.Catalog;

/// <summary>Commands kept as data (on events and in workflow steps) come back as the same command, printing the same text.</summary>
public sealed class CommandDataTests
{
    private readonly RemediationCatalog _catalog = new();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var operation in RemediationCatalog.BuiltIn)
        {
            data.Add(operation.Example);
        }

        data.Add("set_resources name=web ns=shop container=app kind=statefulset memory_limit=640Mi cpu_request=250m");
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Build_DataOfAParsedCommand_SameCommandAfterAStoreRoundTrip(string text)
    {
        var command = _catalog.Parse(text).Command!;

        var stored = EventJson.Deserialize<CommandData>(EventJson.Serialize(CommandData.Of(command)));
        var built = _catalog.Build(stored);

        Assert.True(built.Succeeded, built.Error?.Reason);
        Assert.Equal(command, built.Command);
        Assert.Equal(command.ToString(), built.Command.ToString());
        Assert.Equal(CommandData.Of(command), stored);
    }

    [Fact]
    public void Json_OperationAndTypedArguments()
    {
        var data = CommandData.Of(_catalog.Parse("scale_deployment name=web ns=shop replicas=5").Command!);

        Assert.Equal("""{"operation":"scale_deployment","arguments":{"name":"web","ns":"shop","replicas":5}}""", EventJson.Serialize(data));
    }

    [Fact]
    public void Build_OperationTheCatalogNoLongerHas_RefusedNamingIt()
    {
        var built = _catalog.Build(EventJson.Deserialize<CommandData>("""{"operation":"restart_everything","arguments":{}}"""));

        Assert.False(built.Succeeded);
        Assert.Equal(CommandErrorCode.UnknownOperation, built.Error?.Code);
    }
}
