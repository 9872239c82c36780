using KubeWise.Core.Detection;
using KubeWise.Core.Detection.Detectors;
using KubeWise.Core.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KubeWise.Core.Tests.Detection;

public class DetectionServiceTests
{
    [Fact]
    public void AddKubeWiseCore_ResolvesEngineWithConfiguredThresholds()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Detection:RestartBurstThreshold"] = "5",
        }).Build();
        using var provider = new ServiceCollection().AddKubeWiseCore(configuration).BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<DetectionEngine>());
        var registry = provider.GetRequiredService<DetectorRegistry>();
        var burst = registry.Detectors.Single(d => d.Name == "RestartBurst");
        var window = new EntityWindow(new EntityKey(EntityType.Deployment, "ns", "a"), DateTimeOffset.UnixEpoch, []) { Facts = new EntityFacts { RestartsInWindow = 4 } };

        Assert.Null(burst.Detect(window));
        Assert.NotNull(burst.Detect(window with { Facts = new EntityFacts { RestartsInWindow = 5 } }));
    }
}
