using KubeWise.Core.Analysis;
using KubeWise.Core.Detection;

namespace KubeWise.Core.Tests.Analysis;

public class ProposalScreeningTests
{
    private static readonly EntityRef Node = new("node", string.Empty, "worker-2");

    [Fact]
    public void Apply_MoreThanTheLimit_ExtraProposalsDroppedWithReason()
    {
        var proposals = Enumerable.Range(0, 12).Select(i => CommandProposal.Of("scale_deployment", ("name", "checkout"), ("ns", "shop"), ("replicas", i + 1))).ToArray();
        var screen = new CountingScreen();

        var (accepted, dropped) = ProposalScreening.Apply(screen, proposals, Incidents.CrashLoop());

        Assert.Equal(10, screen.Seen);
        Assert.Equal(10, accepted.Count);
        Assert.Equal(2, dropped.Count);
        Assert.All(dropped, d => Assert.Contains("more than 10 proposals", d.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_SameCommandTwice_SecondDroppedAsDuplicate()
    {
        var restart = CommandProposal.Of("restart_deployment", ("name", "checkout"), ("ns", "shop"));

        var (accepted, dropped) = ProposalScreening.Apply(Screens.Production(), [restart, restart], Incidents.CrashLoop());

        Assert.Single(accepted);
        Assert.Equal("duplicate of an earlier proposal", Assert.Single(dropped).Reason);
    }

    [Theory]
    [InlineData("checkout ns=kube-system")]
    [InlineData("checkout\nrestart_deployment")]
    [InlineData("")]
    public void Apply_ValueThatCouldSmuggleAParameter_NeverReachesTheScreen(string name)
    {
        var screen = new CountingScreen();

        var (accepted, dropped) = ProposalScreening.Apply(screen, [CommandProposal.Of("restart_deployment", ("name", name), ("ns", "shop"))], Incidents.CrashLoop());

        Assert.Empty(accepted);
        Assert.Contains("whitespace, '='", Assert.Single(dropped).Reason, StringComparison.Ordinal);
        Assert.Equal(0, screen.Seen);
    }

    [Fact]
    public void Apply_DrainForNodeAnomaly_KeptOnlyAsSuggestionForAPerson()
    {
        var incident = Incidents.Detector(DetectorIds.NodeNotReady, Node, EntityFacts.None);

        var (accepted, _) = ProposalScreening.Apply(Screens.Production(), [CommandProposal.Of("drain_node", ("name", "worker-2")), CommandProposal.Of("cordon_node", ("name", "worker-2"))], incident);

        Assert.True(accepted.Single(c => c.Operation == "drain_node").SuggestionOnly);
        Assert.Contains("leaves node drains to a person", accepted.Single(c => c.Operation == "drain_node").Note, StringComparison.Ordinal);
        Assert.False(accepted.Single(c => c.Operation == "cordon_node").SuggestionOnly);
    }

    [Fact]
    public void Apply_WithoutLiveFacts_EveryParsedProposalDroppedWithReason()
    {
        var incident = Incidents.CrashLoop() with { Live = null };

        var (accepted, dropped) = ProposalScreening.Apply(Screens.Production(), [CommandProposal.Of("restart_deployment", ("name", "checkout"), ("ns", "shop"))], incident);

        Assert.Empty(accepted);
        Assert.Contains("no live cluster facts", Assert.Single(dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WorkloadInKubeSystem_RejectedByTheNamespaceGuard()
    {
        var facts = Incidents.PodFacts() with { Owners = [new("replicaset", "kube-system", "coredns-5d78c"), new("deployment", "kube-system", "coredns")] };
        var incident = Incidents.Detector(DetectorIds.CrashLoopBackOff, new EntityRef("pod", "kube-system", "coredns-5d78c-abcde"), facts);

        var (accepted, dropped) = ProposalScreening.Apply(Screens.Production(), [CommandProposal.Of("restart_deployment", ("name", "coredns"), ("ns", "kube-system"))], incident);

        Assert.Empty(accepted);
        Assert.Contains("namespace kube-system is on the deny list", Assert.Single(dropped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_GitOpsManagedWorkload_KeptAsSuggestionOnly()
    {
        var facts = Incidents.PodFacts() with { Labels = new Dictionary<string, string> { ["argocd.argoproj.io/instance"] = "shop" } };
        var incident = Incidents.CrashLoop(facts: facts);

        var (accepted, _) = ProposalScreening.Apply(Screens.Production(), [CommandProposal.Of("restart_deployment", ("name", "checkout"), ("ns", "shop"))], incident);

        var command = Assert.Single(accepted);
        Assert.True(command.SuggestionOnly);
        Assert.Contains("[gitops]", command.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_LargeScale_NotesThePhases()
    {
        var (accepted, _) = ProposalScreening.Apply(Screens.Production(), [CommandProposal.Of("scale_deployment", ("name", "checkout"), ("ns", "shop"), ("replicas", 9))], Incidents.CrashLoop());

        var command = Assert.Single(accepted);
        Assert.Equal("scale_deployment name=checkout ns=shop replicas=9", command.Command);
        Assert.Equal("applied in phases: 3→6, 6→9", command.Note);
    }

    [Fact]
    public void Apply_UserDefinedNodeOperationForPodAnomaly_Dropped()
    {
        var screen = new CountingScreen { TargetKind = "Node" };

        var (accepted, dropped) = ProposalScreening.Apply(screen, [CommandProposal.Of("label_for_maintenance", ("name", "worker-2"))], Incidents.CrashLoop());

        Assert.Empty(accepted);
        Assert.Contains("node operations answer node anomalies only", Assert.Single(dropped).Reason, StringComparison.Ordinal);
    }

    private sealed class CountingScreen : IProposalScreen
    {
        public int Seen { get; private set; }

        public string TargetKind { get; init; } = "Deployment";

        public IReadOnlyList<OperationSchema> Operations => [];

        public IReadOnlyList<ProposalVerdict> Screen(IReadOnlyList<CommandProposal> proposals, AnalysisRequest incident)
        {
            Seen += proposals.Count;
            return [.. proposals.Select(p => ProposalVerdict.Accept(p.Describe(), p.Operation, targetKind: TargetKind))];
        }
    }
}
