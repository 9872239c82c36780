using System.Text.Json;
using KubeWise.Core.Entities;
using KubeWise.Core.Incidents;

namespace KubeWise.Core.Tests.Entities;

public sealed class EntityKeyTests
{
    [Theory]
    [InlineData("deployment/shop/web")]
    [InlineData("statefulset/data/redis")]
    [InlineData("node/worker-1")]
    [InlineData("controlplane/apiserver")]
    public void Parse_TextForm_PrintsTheSameText(string text) =>
        Assert.Equal(text, EntityKey.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("deployment")]
    [InlineData("replicaset/shop/web-7c9e")]
    [InlineData("deployment//web")]
    [InlineData("deployment/a/b/c")]
    public void TryParse_NotAnEntity_False(string text) => Assert.False(EntityKey.TryParse(text, out _));

    [Fact]
    public void FromSeedFields_EventFields_TheEntityTheScanFound()
    {
        Assert.Equal(new EntityKey(EntityType.Deployment, "shop", "web"), EntityKey.FromSeedFields("deployment", "shop", "web"));
        Assert.Equal(EntityKey.Node("worker-2"), EntityKey.FromSeedFields("node", null, "worker-2"));
        Assert.Equal(("deployment", "shop"), (new EntityKey(EntityType.Deployment, "shop", "web").TypeName, new EntityKey(EntityType.Deployment, "shop", "web").NamespaceOrNull));
        Assert.Null(EntityKey.Node("worker-2").NamespaceOrNull);
        Assert.Throws<FormatException>(() => EntityKey.FromSeedFields("replicaset", "shop", "web-7c9e"));
    }

    [Fact]
    public void IncidentEntry_StoresTheEntityAsItsTextForm()
    {
        var entry = new IncidentEntry { Key = "k", Entity = new EntityKey(EntityType.Deployment, "shop", "web"), Kind = "ContainerRestarts" };

        var json = JsonSerializer.Serialize(entry);

        Assert.Contains("\"entity\":\"deployment/shop/web\"", json, StringComparison.Ordinal);
        Assert.Equal(entry, JsonSerializer.Deserialize<IncidentEntry>(json));
    }
}
