using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Packages;

/// <summary>
/// A clean clone must restore the same package graph on a fresh machine: versions are pinned centrally (transitive
/// ones too), every project commits its lock file, and drift stays visible in the build log.
/// </summary>
public partial class PackageGraphTests
{
    private static IEnumerable<string> SolutionProjects() =>
        SolutionProject().Matches(File.ReadAllText(RepositoryPaths.Combine("KubeWise.Functions.sln")))
            .Select(m => m.Groups["path"].Value.Replace('\\', '/'))
            .Where(p => p.EndsWith(".csproj", StringComparison.Ordinal));

    private static XElement BuildProperties() =>
        XDocument.Load(RepositoryPaths.Combine("Directory.Build.props")).Root!;

    [Fact]
    public void CentralVersions_PinTransitiveDependenciesToo()
    {
        var props = XDocument.Load(RepositoryPaths.Combine("Directory.Packages.props")).Root!;

        Assert.Equal("true", props.Descendants("ManagePackageVersionsCentrally").Single().Value);
        Assert.Equal("true", props.Descendants("CentralPackageTransitivePinningEnabled").Single().Value);
        // The package whose drift broke every fresh clone (NU1605) is pinned explicitly.
        Assert.Contains(props.Descendants("PackageVersion"), v => v.Attribute("Include")!.Value == "Grpc.Net.Client");
    }

    [Fact]
    public void EveryProject_CommitsALockFileThatNamesEveryPackageItReferences()
    {
        Assert.Equal("true", BuildProperties().Descendants("RestorePackagesWithLockFile").Single().Value);

        var projects = SolutionProjects().ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var lockPath = RepositoryPaths.Combine(Path.GetDirectoryName(project)!, "packages.lock.json");
            Assert.True(File.Exists(lockPath), $"{project}: no packages.lock.json beside it; run `dotnet restore KubeWise.Functions.sln` and commit it");

            using var lockFile = JsonDocument.Parse(File.ReadAllText(lockPath));
            var locked = lockFile.RootElement.GetProperty("dependencies").EnumerateObject()
                .SelectMany(framework => framework.Value.EnumerateObject())
                .Where(package => package.Value.GetProperty("type").GetString() is "Direct" or "CentralTransitive" or "Transitive")
                .Select(package => package.Name)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var reference in XDocument.Load(RepositoryPaths.Combine(project)).Descendants("PackageReference"))
            {
                var name = reference.Attribute("Include")!.Value;
                Assert.True(locked.Contains(name), $"{project}: {name} is referenced but missing from its lock file; restore and commit the lock file");
            }
        }
    }

    [Fact]
    public void Drift_StaysVisible_AsAWarningNotSilenced()
    {
        var properties = BuildProperties();
        var noWarn = string.Join(';', properties.Descendants("NoWarn").Select(e => e.Value));
        var notAsErrors = string.Join(';', properties.Descendants("WarningsNotAsErrors").Select(e => e.Value));

        Assert.DoesNotContain("NU1603", noWarn, StringComparison.Ordinal);
        Assert.Contains("NU1603", notAsErrors, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerExtensions_ResolvedPackageList_IsCommitted()
    {
        var list = File.ReadAllLines(RepositoryPaths.Combine("src", "KubeWise.Functions", "worker-extensions.packages.txt"));

        Assert.NotEmpty(list);
        Assert.All(list, line => Assert.Matches(@"^[A-Za-z0-9_.\-]+/\d+\.\d+[^\s/]*$", line));
        Assert.Equal(list.Order(StringComparer.Ordinal), list);
        Assert.Contains(list, line => line.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask/", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
