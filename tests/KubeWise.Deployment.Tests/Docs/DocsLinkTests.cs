using KubeWise.Deployment.Tests.Support;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Docs;

/// <summary>
/// The README and docs/ as a person who cloned the repository reads them: every relative link and anchor leads
/// somewhere, no link leaves the repository except to public web pages, and the README's two commands exist.
/// </summary>
public class DocsLinkTests
{
    private const string TwoCommandsSection = "Two commands on a fresh machine";

    public static TheoryData<string> DocsPages() => [.. MarkdownPage.UserPages().Where(p => p != "README.md")];

    public static TheoryData<string> AllPages() => [.. MarkdownPage.UserPages()];

    [Fact]
    public void Readme_RelativeLinks_AllResolve() => AssertLinksResolve("README.md");

    [Theory]
    [MemberData(nameof(DocsPages))]
    public void DocsPage_RelativeLinksAndAnchors_AllResolve(string page) => AssertLinksResolve(page);

    [Fact]
    public void DocsFolder_HoldsTheUsersPages()
    {
        // Without this, an empty or misplaced docs/ would make the theory above pass on no pages at all.
        var pages = MarkdownPage.UserPages();

        foreach (var expected in new[] { "architecture", "safety", "deployment", "configuration", "api", "detection", "benchmarks", "testing", "walkthrough" })
        {
            Assert.Contains($"docs/{expected}.md", pages);
        }
    }

    [Fact]
    public void DocsPages_AreAllReachableFromTheReadme()
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { "README.md" };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var page))
        {
            foreach (var link in MarkdownPage.Load(page).Links())
            {
                if (Resolve(link) is { Outside: false, File: var file } && file.EndsWith(".md", StringComparison.Ordinal)
                    && File.Exists(RepositoryPaths.Combine(file.Split('/'))) && reached.Add(file))
                {
                    queue.Enqueue(file);
                }
            }
        }

        var unreachable = MarkdownPage.UserPages().Where(p => !reached.Contains(p)).ToList();
        Assert.True(unreachable.Count == 0, "Pages no link from README.md leads to: " + string.Join(", ", unreachable));
    }

    [Theory]
    [MemberData(nameof(AllPages))]
    public void Page_LinksNeverLeaveTheRepository_ExceptToPublicWebPages(string page)
    {
        var problems = new List<string>();
        foreach (var link in MarkdownPage.Load(page).Links())
        {
            var target = link.Target;
            if (target.Contains("../shared", StringComparison.Ordinal) || target.StartsWith("shared/", StringComparison.Ordinal))
            {
                problems.Add($"{link}: points at a shared/ folder outside the repository, which a clone does not have");
            }
            else if (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https") && !target.StartsWith('/'))
            {
                problems.Add($"{link}: only http(s) links may leave the repository ({uri.Scheme}: is not one)");
            }
            else if (target.StartsWith('/') || target.StartsWith('\\'))
            {
                problems.Add($"{link}: an absolute path; write it relative to {page}");
            }
            else if (!IsWeb(target) && Resolve(link) is { Outside: true })
            {
                problems.Add($"{link}: leaves the repository root");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(AllPages))]
    public void Page_NeverMentionsTheSharedFolderOutsideTheRepository(string page)
    {
        var mentions = MarkdownPage.Load(page).Lines
            .Select((line, i) => (line, number: i + 1))
            .Where(l => l.line.Contains("../shared", StringComparison.Ordinal))
            .Select(l => $"{page}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(mentions.Count == 0, "A clone has no ../shared; say what the file is and where to get it instead:\n" + string.Join('\n', mentions));
    }

    [Fact]
    public void Readme_TwoCommandSection_CommandsExist()
    {
        var readme = MarkdownPage.Load("README.md");
        var section = readme.Section(TwoCommandsSection);
        Assert.True(section.Count > 0, $"README.md has no section \"## {TwoCommandsSection}\".");

        var commands = MarkdownPage.CodeBlockCommands(section);

        Assert.Equal(2, commands.Count);
        Assert.All(commands, AssertRunnable);
    }

    /// <summary>
    /// <c>bash script.sh</c>: the script exists and bash can parse it; <c>./script.sh</c>: it exists and is executable;
    /// <c>dotnet …</c>: every path it names exists. Anything else is not a command this check knows, so it fails.
    /// </summary>
    private static void AssertRunnable(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words[0])
        {
            case "bash":
                var script = words[1];
                Assert.True(File.Exists(RepositoryPaths.Combine(script)), $"`{command}`: {script} does not exist.");
                var parse = Script.RunProgram("bash", ["-n", script], TimeSpan.FromSeconds(30));
                Assert.True(parse.ExitCode == 0, $"`{command}`: bash cannot parse {script}: {parse.Error}");
                break;
            case var path when path.StartsWith("./", StringComparison.Ordinal) || path.EndsWith(".sh", StringComparison.Ordinal):
                var full = RepositoryPaths.Combine(path);
                Assert.True(File.Exists(full), $"`{command}`: {path} does not exist.");
                Assert.True(OperatingSystem.IsWindows() || (File.GetUnixFileMode(full) & UnixFileMode.UserExecute) != 0, $"`{command}`: {path} is not executable.");
                break;
            case "dotnet":
                var paths = words.Skip(1).Where(w => !w.StartsWith('-') && (w.Contains('/', StringComparison.Ordinal) || w.EndsWith(".sln", StringComparison.Ordinal) || w.EndsWith("proj", StringComparison.Ordinal))).ToList();
                Assert.True(paths.Count > 0, $"`{command}`: names no project, solution or file to check.");
                Assert.All(paths, p => Assert.True(File.Exists(RepositoryPaths.Combine(p)) || Directory.Exists(RepositoryPaths.Combine(p)), $"`{command}`: {p} does not exist."));
                break;
            default:
                Assert.Fail($"`{command}`: not a bash script or dotnet command; this check cannot tell whether it exists.");
                break;
        }
    }

    private static void AssertLinksResolve(string page)
    {
        var problems = new List<string>();
        foreach (var link in MarkdownPage.Load(page).Links())
        {
            if (IsWeb(link.Target) || link.Target.Length == 0)
            {
                if (link.Target.Length == 0)
                {
                    problems.Add($"{link}: empty link");
                }

                continue;
            }

            var resolved = Resolve(link);
            if (resolved is null)
            {
                continue; // Not a relative link (another scheme or an absolute path): the repository test reports it.
            }

            if (resolved.Outside)
            {
                problems.Add($"{link}: leaves the repository root");
                continue;
            }

            var full = RepositoryPaths.Combine(resolved.File.Split('/'));
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                problems.Add($"{link}: {resolved.File} does not exist");
                continue;
            }

            if (resolved.Anchor is { } anchor)
            {
                if (!resolved.File.EndsWith(".md", StringComparison.Ordinal))
                {
                    problems.Add($"{link}: #{anchor} points into {resolved.File}, which is not a Markdown page");
                }
                else if (!MarkdownPage.Load(resolved.File).Anchors().Contains(anchor))
                {
                    problems.Add($"{link}: {resolved.File} has no heading with the anchor #{anchor}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    private static bool IsWeb(string target) =>
        target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private sealed record ResolvedLink(string File, string? Anchor, bool Outside);

    /// <summary>A relative link (or a bare #anchor) as a repository-relative file plus anchor; null for other links.</summary>
    private static ResolvedLink? Resolve(MarkdownLink link)
    {
        var target = link.Target;
        if (IsWeb(target) || target.StartsWith('/') || (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1))
        {
            return null;
        }

        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var query = pathPart.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            pathPart = pathPart[..query];
        }

        if (pathPart.Length == 0)
        {
            return new(link.Page, anchor, Outside: false);
        }

        var pageFolder = Path.GetDirectoryName(RepositoryPaths.Combine(link.Page.Split('/')))!;
        var full = Path.GetFullPath(Path.Combine(pageFolder, pathPart));
        var root = Path.GetFullPath(RepositoryPaths.Root).TrimEnd(Path.DirectorySeparatorChar);
        var inside = full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        return new(relative, anchor, Outside: !inside);
    }
}
