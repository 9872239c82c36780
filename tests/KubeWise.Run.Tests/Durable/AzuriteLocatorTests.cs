using KubeWise.Run.Durable;

namespace KubeWise.Run.Tests.Durable;

public sealed class AzuriteLocatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kw-locator-").FullName;

    [Fact]
    public void Locate_InstalledUnderToolsAbove_FindsIt()
    {
        var bin = Path.Combine(_folder, AzuriteLocator.ToolsPath);
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        File.WriteAllText(bin, "#!/bin/sh\n");
        var node = NodeOnlyPath();
        var below = Directory.CreateDirectory(Path.Combine(_folder, "a", "b")).FullName;

        Assert.Equal(bin, AzuriteLocator.Locate(null, [below], node));
    }

    [Fact]
    public void Locate_NoAzurite_OneLineSaysHowToInstallItOrWhatElseToUse()
    {
        var error = Assert.Throws<RunStartException>(() => AzuriteLocator.Locate(null, [_folder], NodeOnlyPath()));

        Assert.Contains("Azurite was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("npm install --prefix .tools/azurite azurite@3.35.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("--durable-backend in-memory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Locate_NoNode_SaysNodeIsMissing()
    {
        var bin = Path.Combine(_folder, AzuriteLocator.ToolsPath);
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        File.WriteAllText(bin, "#!/bin/sh\n");
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "empty-path")).FullName;

        var error = Assert.Throws<RunStartException>(() => AzuriteLocator.Locate(null, [_folder], empty));

        Assert.StartsWith("Node.js is not installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ConfiguredPathMissing_NamesTheSetting()
    {
        var error = Assert.Throws<RunStartException>(() => AzuriteLocator.Locate(Path.Combine(_folder, "nope"), [_folder], NodeOnlyPath()));

        Assert.Contains("Run:Durable:AzuritePath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A PATH holding only a file named node, so the test does not depend on the machine's PATH.</summary>
    private string NodeOnlyPath()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_folder, "node-bin")).FullName;
        File.WriteAllText(Path.Combine(dir, "node"), "#!/bin/sh\n");
        return dir;
    }
}
