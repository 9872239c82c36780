using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using KubeWise.Core.Detection.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Detection;

/// <summary>A deployment model trained once on generated normal history (24 deployments, idle to always-busy), shared by the engine tests.</summary>
public sealed class DetectionWorld
{
    public const int Points = 20;

    public DetectionWorld()
    {
        Options = new DetectionOptions();
        Extractor = new FeatureExtractor(Options);
        var cluster = new SyntheticCluster(seed: 7);
        Profiles = cluster.Profiles(24);
        var training = ForestTrainer.BuildTrainingSet(cluster.History(Profiles, 40, Points), SyntheticCluster.Schema, Extractor);
        Model = ForestTrainer.Fit(training, Options);
        Models = new Dictionary<EntityType, EntityModel> { [EntityType.Deployment] = Model };
    }

    public DetectionOptions Options { get; }

    public FeatureExtractor Extractor { get; }

    internal IReadOnlyList<SyntheticCluster.Profile> Profiles { get; }

    public EntityModel Model { get; }

    public IReadOnlyDictionary<EntityType, EntityModel> Models { get; }

    /// <summary>A time well after the training history, so test windows are new data.</summary>
    public static DateTimeOffset Now { get; } = SyntheticCluster.Start + TimeSpan.FromDays(2);

    public DetectionEngine Engine(DetectorRegistry? registry = null) =>
        new(Extractor, registry ?? DetectorRegistry.CreateDefault(Options), Microsoft.Extensions.Options.Options.Create(Options), NullLogger<DetectionEngine>.Instance);
}
