using KubeWise.Core.Entities;
using KubeWise.Core.Incidents;

namespace KubeWise.Core.Tests.Incidents;

public sealed class IncidentKeyTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 26, 8, 0, 30, TimeSpan.Zero);

    [Fact]
    public void InstanceId_SameIncident_SameId()
    {
        var key = IncidentKey.Of(new EntityKey(EntityType.Deployment, "default", "nginx"), "CrashLoopBackOff");

        Assert.Equal(IncidentKey.InstanceId(key, Opened), IncidentKey.InstanceId(key, Opened));
        Assert.Equal("remediation-", IncidentKey.InstanceId(key, Opened)[..12]);
        Assert.EndsWith("-20261126T080030Z", IncidentKey.InstanceId(key, Opened), StringComparison.Ordinal);
    }

    [Fact]
    public void InstanceId_OtherKindOrEntity_OtherId()
    {
        var a = IncidentKey.InstanceId(IncidentKey.Of(new EntityKey(EntityType.Deployment, "default", "nginx"), "CrashLoopBackOff"), Opened);
        var b = IncidentKey.InstanceId(IncidentKey.Of(new EntityKey(EntityType.Deployment, "default", "nginx"), "OOMKilled"), Opened);
        var c = IncidentKey.InstanceId(IncidentKey.Of(new EntityKey(EntityType.Deployment, "prod", "nginx"), "CrashLoopBackOff"), Opened);

        Assert.Equal(3, new HashSet<string> { a, b, c }.Count);
    }

    [Fact]
    public void AnomalyId_IsAVersion8Uuid_StableForTheInstance()
    {
        var id = IncidentKey.AnomalyId("remediation-abc-20261126T080030Z");

        Assert.Equal(id, IncidentKey.AnomalyId("remediation-abc-20261126T080030Z"));
        Assert.True(Guid.TryParseExact(id, "D", out _));
        Assert.Equal('8', id[14]);
        Assert.Contains(id[19], "89ab");
        Assert.NotEqual(id, IncidentKey.AnomalyId("remediation-abd-20261126T080030Z"));
    }
}
