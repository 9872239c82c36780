using KubeWise.Core.Remediation.Policy;
using KubeWise.Core.Remediation.Policy.Guards;
using static KubeWise.Core.Tests.Remediation.Policy.PolicyWorld;

namespace KubeWise.Core.Tests.Remediation.Policy;

public class ScalePlanTests
{
    [Theory]
    [InlineData(3, 5, 3, "3->5")]
    [InlineData(3, 12, 3, "3->6 6->9 9->12")]
    [InlineData(2, 20, 5, "2->7 7->12 12->17 17->20")]
    [InlineData(20, 4, 5, "20->15 15->10 10->5 5->4")]
    [InlineData(10, 9, 1, "10->9")]
    [InlineData(1, 4, 1, "1->2 2->3 3->4")]
    [InlineData(4, 4, 2, "")]
    public void Plan_LargeChange_IsSplitIntoBoundedPhases(int current, int desired, int phaseSize, string expected)
    {
        var plan = ReplicaGuard.Plan(current, desired, phaseSize);

        Assert.Equal(expected, string.Join(' ', plan.Select(p => $"{p.From}->{p.To}")));
        Assert.All(plan, p => Assert.InRange(Math.Abs(p.To - p.From), 1, phaseSize));
    }

    [Fact]
    public void Evaluate_AllowedScale_CarriesPhasePlan()
    {
        var command = Command("scale_deployment name=web ns=shop replicas=12");

        var verdict = NewPolicy(Clock()).Evaluate(command, For(command));

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal([new ScalePhase(3, 6), new ScalePhase(6, 9), new ScalePhase(9, 12)], verdict.ScalePlan);
    }

    [Fact]
    public void Evaluate_ScaleDown_UsesConfiguredPhaseSize()
    {
        var command = Command("scale_statefulset name=db ns=shop replicas=1");
        var facts = For(command) with { Target = StatefulSet with { Replicas = 9 } };

        var verdict = NewPolicy(Clock(), o => o.ScalePhaseSize = 4).Evaluate(command, facts);

        Assert.Equal([new ScalePhase(9, 5), new ScalePhase(5, 1)], verdict.ScalePlan);
    }

    [Fact]
    public void Evaluate_NonScaleCommand_HasNoPlan()
    {
        var command = Command("restart_deployment name=web ns=shop");

        Assert.Empty(NewPolicy(Clock()).Evaluate(command, For(command)).ScalePlan);
    }
}
