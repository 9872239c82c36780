using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using static KubeWise.Core.Tests.Remediation.Policy.PolicyWorld;

namespace KubeWise.Core.Tests.Remediation.Policy;

public class StormLimitTests
{
    private static (RemediationCommand, RemediationFacts) Incident(int i, IReadOnlyList<RecentAction> history)
    {
        var deployment = new ObjectFacts(new("Deployment", "shop", $"svc-{i}"), $"uid-{i}", 1) { Replicas = 2 };
        var command = Command($"restart_deployment name=svc-{i} ns=shop");
        return (command, new RemediationFacts
        {
            AnomalousEntity = deployment.Reference,
            Target = deployment,
            RecentActions = history,
            Cluster = new ClusterFacts(10, []),
        });
    }

    [Fact]
    public void EvaluateAll_BurstOfIncidents_AllowsOnlyStormLimit()
    {
        var policy = NewPolicy(Clock());

        var verdicts = policy.EvaluateAll(Enumerable.Range(0, 25).Select(i => Incident(i, [])));

        Assert.Equal(10, verdicts.Count(v => v.IsAllowed));
        Assert.All(verdicts.Take(10), v => Assert.True(v.IsAllowed));
        Assert.All(verdicts.Skip(10), v =>
        {
            Assert.Equal(PolicyDecision.Rejected, v.Decision);
            Assert.Equal("storm", Assert.Single(v.Findings).Guard);
            Assert.Contains("storm limit 10", v.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Evaluate_BurstOverTime_ReopensWhenWindowPasses()
    {
        var clock = Clock();
        var policy = NewPolicy(clock, o => o.MaxRemediationsPerWindow = 5);
        var history = new List<RecentAction>();
        var allowedAt = new List<TimeSpan>();

        // One incident every 30 s for 20 minutes; every allowed fix is recorded, as the executor would.
        for (var i = 0; i < 40; i++)
        {
            var (command, facts) = Incident(i, [.. history]);
            if (policy.Evaluate(command, facts).IsAllowed)
            {
                history.Add(new RecentAction(clock.GetUtcNow(), command.Target, command.Operation.Name, facts.AnomalousEntity));
                allowedAt.Add(clock.GetUtcNow() - Start);
            }

            clock.Advance(TimeSpan.FromSeconds(30));
        }

        // 5 in the first window (0:00-2:00); the window is (now - 10 min, now], so the next 5 come at 10:00-12:00 as the first ones leave it.
        Assert.Equal(10, allowedAt.Count);
        Assert.Equal(TimeSpan.FromMinutes(2), allowedAt[4]);
        Assert.Equal(TimeSpan.FromMinutes(10), allowedAt[5]);
        Assert.Equal(TimeSpan.FromMinutes(12), allowedAt[9]);
        for (var i = 0; i < allowedAt.Count; i++)
        {
            var inWindow = allowedAt.Count(t => t > allowedAt[i] - TimeSpan.FromMinutes(10) && t <= allowedAt[i]);
            Assert.InRange(inWindow, 1, 5);
        }
    }

    [Fact]
    public void EvaluateAll_CordonBurst_RespectsNodePercentage()
    {
        var policy = NewPolicy(Clock());
        var proposals = Enumerable.Range(1, 5).Select(i =>
        {
            var command = Command($"cordon_node name=worker-{i}");
            var facts = new RemediationFacts
            {
                AnomalousEntity = new("Node", null, $"worker-{i}"),
                Target = Node($"worker-{i}"),
                EntityNode = $"worker-{i}",
                Cluster = new ClusterFacts(10, []),
            };
            return (command, facts);
        });

        var verdicts = policy.EvaluateAll(proposals);

        Assert.Equal([true, true, false, false, false], verdicts.Select(v => v.IsAllowed));
        Assert.Contains("would leave 3 of 10 nodes cordoned (30%)", verdicts[2].Reason, StringComparison.Ordinal);
    }
}
