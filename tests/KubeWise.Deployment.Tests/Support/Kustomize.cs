using System.Diagnostics;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>Renders a kustomization with <c>kubectl kustomize</c>, exactly as <c>kubectl apply -k</c> would build it.</summary>
public static class Kustomize
{
    private static readonly Dictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// The kubectl the tests use: <c>KW_KUBECTL</c> (tests/setup/30-deploy-tools.sh exports it), else the one that script
    /// installs under .tools/. A missing kubectl is a failure with the command that installs it, never a skip.
    /// </summary>
    public static string Kubectl
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("KW_KUBECTL");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment;
            }

            var local = RepositoryPaths.Combine(".tools", "bin", "kubectl");
            return File.Exists(local)
                ? local
                : throw new InvalidOperationException(
                    "No kubectl for `kubectl kustomize`: run `source tests/setup/30-deploy-tools.sh` (or tests/run-tests.sh), or set KW_KUBECTL.");
        }
    }

    /// <summary>The rendered YAML of <paramref name="relativeDirectory"/> (relative to the repository root).</summary>
    public static string Render(string relativeDirectory)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(relativeDirectory, out var cached))
            {
                return cached;
            }

            var start = new ProcessStartInfo(Kubectl)
            {
                ArgumentList = { "kustomize", RepositoryPaths.Combine(relativeDirectory) },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Kubectl}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"kubectl kustomize {relativeDirectory} did not finish.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {relativeDirectory} failed ({process.ExitCode}): {stderr.Result}");
            }

            Cache[relativeDirectory] = stdout.Result;
            return stdout.Result;
        }
    }

    /// <summary>The rendered objects, one YAML document each.</summary>
    public static IReadOnlyList<string> Documents(string relativeDirectory) =>
        Render(relativeDirectory)
            .Split("\n---\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(d => d.Length > 0)
            .ToList();
}
