using k8s.Models;
using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.K8s;

/// <summary>k8s/overlays/run: `kubewise run` in one pod instead of the Functions app's two Deployments.</summary>
public sealed class RunOverlayTests
{
    private const string Overlay = "k8s/overlays/run";

    [Fact]
    public void RunOverlay_OneSingleReplicaDeploymentOfTheRunImage_WithProbesOnHealthAndReady()
    {
        var objects = Manifests.Typed(Overlay);

        var deployment = Assert.Single(objects.OfType<V1Deployment>());
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("kubewise-run", deployment.Metadata.Name);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal("kubewise-run:0.1.0", container.Image);
        Assert.Equal("/health", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health", container.StartupProbe.HttpGet.Path);
        Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("8080", container.Env.Single(e => e.Name == "Run__Port").Value);
        Assert.Equal("AzureWebJobsStorage", container.Env.Single(e => e.Name == "Run__Durable__ConnectionString").ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void RunOverlay_SameServiceAccountAndRbacAsTheWorkers_AndTheServiceAndPolicySelectIt()
    {
        var run = Manifests.Typed(Overlay);
        var base_ = Manifests.Typed("k8s");
        var deployment = run.OfType<V1Deployment>().Single();
        var workers = base_.OfType<V1Deployment>().Single(d => d.Metadata.Name == "kubewise-workers");

        Assert.Equal(workers.Spec.Template.Spec.ServiceAccountName, deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal(
            base_.OfType<V1ClusterRole>().Single().Rules.Select(r => string.Join(",", r.Resources) + ":" + string.Join(",", r.Verbs)),
            run.OfType<V1ClusterRole>().Single().Rules.Select(r => string.Join(",", r.Resources) + ":" + string.Join(",", r.Verbs)));
        var labels = deployment.Spec.Template.Metadata.Labels;
        Assert.All(run.OfType<V1Service>().Single().Spec.Selector, kv => Assert.Equal(kv.Value, labels[kv.Key]));
        Assert.All(run.OfType<V1NetworkPolicy>().Single(p => p.Metadata.Name == "kubewise-api-ingress").Spec.PodSelector.MatchLabels,
            kv => Assert.Equal(kv.Value, labels[kv.Key]));
    }

    [Fact]
    public void RunImage_BuildsTheCliWithLockedRestore_AndRunsItAsNonRoot()
    {
        var dockerfile = File.ReadAllText(RepositoryPaths.Combine("src", "KubeWise.Run", "Dockerfile"));

        Assert.Contains("dotnet restore src/KubeWise.Cli/KubeWise.Cli.csproj --locked-mode", dockerfile, StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/kubewise.dll\", \"run\"]", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER 10001:10001", dockerfile, StringComparison.Ordinal);
        foreach (var project in new[] { "Core", "Application", "Run", "Cli" })
        {
            Assert.Contains($"COPY src/KubeWise.{project}/KubeWise.{project}.csproj src/KubeWise.{project}/packages.lock.json", dockerfile, StringComparison.Ordinal);
        }
    }
}
