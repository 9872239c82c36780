using KubeWise.Testing;

namespace KubeWise.Functions.Tests.Hosting;

/// <summary>The Functions app's build output for the configuration these tests were built in.</summary>
internal static class FunctionsOutput
{
    public static string Directory { get; } = RepositoryPaths.Combine("src", "KubeWise.Functions", "bin",
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug",
        "net10.0");

    public static string Combine(string file) => Path.Combine(Directory, file);
}
