namespace KubeWise.Run.Durable;

/// <summary>Finds the Azurite executable and checks that Node.js, which runs it, is there.</summary>
internal static class AzuriteLocator
{
    /// <summary>Where the repository's scripts install Azurite (tests/setup/30-deploy-tools.sh, run-local.sh).</summary>
    public static readonly string ToolsPath = Path.Combine(".tools", "azurite", "node_modules", ".bin", "azurite");

    public const string InstallHint =
        "install it (npm install --prefix .tools/azurite azurite@3.35.0), set Run:Durable:AzuritePath, "
        + "give an Azure Storage account (Run:Durable:ConnectionString), or use the throw-away backend (--durable-backend in-memory)";

    /// <summary>The executable, or a <see cref="RunStartException"/> saying what to do.</summary>
    public static string Locate(string? configured, IEnumerable<string>? searchRoots = null, string? path = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new RunStartException($"Run:Durable:AzuritePath names '{configured}', which does not exist: {InstallHint}.");
        }

        var node = FindOnPath("node", path);
        var roots = searchRoots ?? [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        var found = roots.SelectMany(Ancestors).Select(dir => Path.Combine(dir, ToolsPath)).FirstOrDefault(File.Exists)
            ?? FindOnPath("azurite", path);
        if (found is null)
        {
            throw new RunStartException(node is null
                ? "Node.js is not installed and Azurite was not found; Azurite needs Node.js 20 or newer (Debian: apt-get install nodejs npm), then "
                  + InstallHint + "."
                : $"Azurite was not found (looked for {ToolsPath} here and above, and on PATH): {InstallHint}.");
        }

        if (node is null)
        {
            throw new RunStartException($"Node.js is not installed; Azurite ({found}) needs Node.js 20 or newer (Debian: apt-get install nodejs npm), or give an Azure Storage account (Run:Durable:ConnectionString).");
        }

        return found;
    }

    private static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    private static string? FindOnPath(string name, string? path)
    {
        var names = OperatingSystem.IsWindows() ? new[] { name + ".cmd", name + ".exe" } : [name];
        return (path ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}
