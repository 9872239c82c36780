using System.Text.RegularExpressions;
using System.Xml.Linq;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Containers;

public partial class DockerfileTests
{
    private static readonly string[] SecretMarkers = ["KEY", "SECRET", "PASSWORD", "TOKEN", "CONNECTIONSTRING", "AZUREWEBJOBSSTORAGE", "MONGODB_ATLAS_URI"];

    /// <summary>The Dockerfile's instructions, continuation lines joined, comments dropped.</summary>
    private static List<(string Instruction, string Arguments)> Instructions()
    {
        var joined = File.ReadAllText(RepositoryPaths.Combine("Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        return joined.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1] : string.Empty))
            .ToList();
    }

    private static IEnumerable<string> EnvNames() =>
        Instructions().Where(i => i.Instruction is "ENV" or "ARG")
            .SelectMany(i => EnvAssignment().Matches(i.Arguments).Select(m => m.Groups["name"].Value));

    [Fact]
    public void IsMultiStage_FromTheSdkToTheFunctionsIsolatedImage()
    {
        var froms = Instructions().Where(i => i.Instruction == "FROM").Select(i => i.Arguments).ToList();

        Assert.Equal(2, froms.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0], StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated10.0", froms[1]);
    }

    [Fact]
    public void EveryCopiedPath_ExistsAndIsNotExcludedFromTheBuildContext()
    {
        var ignored = File.ReadAllLines(RepositoryPaths.Combine(".dockerignore"))
            .Select(l => l.Trim().TrimEnd('/'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var sources = Instructions()
            .Where(i => i.Instruction == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToList();

        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = RepositoryPaths.Combine(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file in the repository");
            Assert.DoesNotContain(ignored, pattern => source.TrimEnd('/').Equals(pattern, StringComparison.Ordinal)
                || source.StartsWith(pattern + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void CopiesEveryProjectTheFunctionsAppReferences()
    {
        var copied = Instructions().Where(i => i.Instruction == "COPY").Select(i => i.Arguments).ToList();

        foreach (var project in ProjectClosure(RepositoryPaths.Combine("src", "KubeWise.Functions", "KubeWise.Functions.csproj")))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, project).Replace('\\', '/');
            var folder = Path.GetDirectoryName(relative)!.Replace('\\', '/') + "/";
            Assert.Contains(copied, c => c.StartsWith(relative + " ", StringComparison.Ordinal));
            Assert.Contains(copied, c => c.StartsWith(folder + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Restore_IsInLockedMode_FromEveryReferencedProjectsLockFile()
    {
        var instructions = Instructions();
        var restore = instructions.Single(i => i.Instruction == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copiedBeforeRestore = instructions.TakeWhile(i => i != restore).Where(i => i.Instruction == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("--locked-mode", restore.Arguments, StringComparison.Ordinal);
        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        foreach (var project in ProjectClosure(RepositoryPaths.Combine("src", "KubeWise.Functions", "KubeWise.Functions.csproj")))
        {
            var lockFile = Path.GetRelativePath(RepositoryPaths.Root, Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json")).Replace('\\', '/');
            Assert.True(File.Exists(RepositoryPaths.Combine(lockFile)), $"{lockFile} is not committed");
            Assert.Contains(lockFile, copiedBeforeRestore);
        }
    }

    [Fact]
    public void RuntimeStage_SetsTheScriptRootItPublishesTo_WithConsoleLogging()
    {
        var env = EnvAssignment().Matches(string.Join(' ', Instructions().Where(i => i.Instruction == "ENV").Select(i => i.Arguments)))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        var publish = Instructions().Single(i => i.Instruction == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;

        Assert.Equal("/home/site/wwwroot", env["AzureWebJobsScriptRoot"]);
        Assert.Contains("-o /home/site/wwwroot", publish, StringComparison.Ordinal);
        Assert.Equal("true", env["AzureFunctionsJobHost__Logging__Console__IsEnabled"]);
        Assert.Equal("http://+:8080", env["ASPNETCORE_URLS"]);
    }

    [Fact]
    public void NoSecretIsBakedIn_AndTheAppRunsAsANonRootUser()
    {
        Assert.DoesNotContain(EnvNames(), n => SecretMarkers.Any(m => n.ToUpperInvariant().Replace("_", string.Empty, StringComparison.Ordinal).Contains(m.Replace("_", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)));
        Assert.Contains("local.settings.json", File.ReadAllLines(RepositoryPaths.Combine(".dockerignore")));

        var user = Instructions().Last(i => i.Instruction == "USER").Arguments;
        Assert.DoesNotMatch("^(0|root)(:|$)", user);
        Assert.Equal("USER", Instructions().Last(i => i.Instruction is "USER" or "FROM").Instruction);
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_.]*)=(?<value>[^\s]*)")]
    private static partial Regex EnvAssignment();
}
