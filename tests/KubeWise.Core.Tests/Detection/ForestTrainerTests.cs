using KubeWise.Core.Detection;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;

namespace KubeWise.Core.Tests.Detection;

public class ForestTrainerTests
{
    [Fact]
    public void BuildTrainingSet_LeavesOutRolloutsShortWindowsAndOtherTypes()
    {
        var options = new DetectionOptions();
        var cluster = new SyntheticCluster(3);
        var profiles = cluster.Profiles(4);
        var normal = cluster.History(profiles, 5, 20).ToList();
        var rollout = normal[0] with { Rollout = new RolloutState(PodsBeingReplaced: true) };
        var tooShort = cluster.Window(profiles[0], 3, SyntheticCluster.Start);
        var node = new EntityWindow(EntityKey.Node("n1"), SyntheticCluster.Start, normal[1].Metrics);

        var training = ForestTrainer.BuildTrainingSet([.. normal, rollout, tooShort, node], SyntheticCluster.Schema, new FeatureExtractor(options));

        Assert.Equal(normal.Count * 3, training.RowCount);
        Assert.Equal(training.RowCount * FeatureSchema.BlockWidth, training.Rows.Length);
        Assert.Equal(1, training.SkippedDuringRollout);
        Assert.Equal(1, training.SkippedTooShort);
    }

    [Fact]
    public void Fit_TooLittleHistory_SaysWhy()
    {
        var training = new TrainingSet(SyntheticCluster.Schema, [], 0, 2, 1);

        var error = Assert.Throws<InvalidOperationException>(() => ForestTrainer.Fit(training, new DetectionOptions()));

        Assert.Contains("0 usable metric block(s) (windows left out: 2 during rollouts, 1 too short)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SameHistoryAndSeed_GivesTheSameScores()
    {
        var options = new DetectionOptions { Trees = 20 };
        var extractor = new FeatureExtractor(options);
        var history = new SyntheticCluster(4).History(new SyntheticCluster(4).Profiles(3), 10, 20).ToList();
        var a = ForestTrainer.Fit(ForestTrainer.BuildTrainingSet(history, SyntheticCluster.Schema, extractor), options);
        var b = ForestTrainer.Fit(ForestTrainer.BuildTrainingSet(history, SyntheticCluster.Schema, extractor), options);
        var vector = extractor.Extract(history[^1], SyntheticCluster.Schema);

        Assert.Equal(a.ScoreBlocks(vector), b.ScoreBlocks(vector));
    }
}
