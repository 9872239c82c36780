namespace KubeWise.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KubeWise.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No KubeWise.Functions.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The folder that holds KubeWise.Functions.sln.</summary>
    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
