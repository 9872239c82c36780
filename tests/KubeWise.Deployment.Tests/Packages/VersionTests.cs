using System.Text.RegularExpressions;
using System.Xml.Linq;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Packages;

/// <summary>One version: what `kubewise --version` says, the tool package and the image the manifests deploy.</summary>
public partial class VersionTests
{
    private static string Version() =>
        XDocument.Load(RepositoryPaths.Combine("Directory.Build.props")).Descendants("Version").Single().Value;

    [Fact]
    public void ImageTag_InTheBaseManifests_IsTheAppsVersion()
    {
        var kustomization = File.ReadAllText(RepositoryPaths.Combine("k8s", "base", "kustomization.yaml"));

        var tag = KubeWiseImageTag().Match(kustomization);
        Assert.True(tag.Success, "k8s/base/kustomization.yaml sets no newTag for the kubewise image");
        Assert.Equal(Version(), tag.Groups["tag"].Value);
    }

    [Fact]
    public void Cli_PacksAsTheKubewiseTool_WithTheAppsVersion()
    {
        var project = XDocument.Load(RepositoryPaths.Combine("src", "KubeWise.Cli", "KubeWise.Cli.csproj"));

        Assert.Equal("true", project.Descendants("PackAsTool").Single().Value);
        Assert.Equal("kubewise", project.Descendants("PackageId").Single().Value);
        Assert.Equal("kubewise", project.Descendants("ToolCommandName").Single().Value);
        Assert.Empty(project.Descendants("Version"));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Version());
    }

    [GeneratedRegex(@"-\s+name:\s+kubewise\s+newTag:\s+""?(?<tag>[^""\s]+)""?")]
    private static partial Regex KubeWiseImageTag();
}
