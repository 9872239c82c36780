using System.Text;
using System.Text.RegularExpressions;
using KubeWise.Testing;

namespace KubeWise.Deployment.Tests.Support;

/// <summary>A link as written in a page: where it is and what it points at.</summary>
public sealed record MarkdownLink(string Page, int Line, string Target)
{
    public override string ToString() => $"{Page}:{Line}: ({Target})";
}

/// <summary>
/// One Markdown page of the repository read the way GitHub renders it, as far as links go: links and images
/// (inline, reference definitions, HTML <c>href</c>/<c>src</c>) outside code, and the anchors its headings get.
/// </summary>
public sealed partial class MarkdownPage
{
    private MarkdownPage(string relativePath, string[] lines)
    {
        RelativePath = relativePath;
        Lines = lines;
    }

    /// <summary>Path from the repository root, with forward slashes (<c>docs/api.md</c>).</summary>
    public string RelativePath { get; }

    public string[] Lines { get; }

    public string FullPath => RepositoryPaths.Combine(RelativePath.Split('/'));

    public static MarkdownPage Load(string relativePath) =>
        new(relativePath, File.ReadAllText(RepositoryPaths.Combine(relativePath.Split('/'))).Split('\n'));

    /// <summary>README.md and every page under docs/, as repository-relative paths.</summary>
    public static IReadOnlyList<string> UserPages()
    {
        var docs = RepositoryPaths.Combine("docs");
        var pages = Directory.Exists(docs)
            ? Directory.GetFiles(docs, "*.md", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(RepositoryPaths.Root, p).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : Enumerable.Empty<string>();
        return ["README.md", .. pages];
    }

    /// <summary>Every link target outside fenced code blocks and inline code spans.</summary>
    public IReadOnlyList<MarkdownLink> Links()
    {
        var links = new List<MarkdownLink>();
        foreach (var (line, number) in ProseLines())
        {
            foreach (Match m in InlineLink().Matches(line))
            {
                links.Add(new(RelativePath, number, StripTitle(m.Groups["target"].Value)));
            }

            var definition = ReferenceDefinition().Match(line);
            if (definition.Success)
            {
                links.Add(new(RelativePath, number, StripTitle(definition.Groups["target"].Value)));
            }

            foreach (Match m in HtmlLink().Matches(line))
            {
                links.Add(new(RelativePath, number, m.Groups["target"].Value));
            }
        }

        return links;
    }

    /// <summary>The anchors GitHub gives this page: heading slugs (repeats numbered -1, -2…) and HTML ids.</summary>
    public IReadOnlySet<string> Anchors()
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, _) in ProseLines(keepCode: true))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var count = seen.GetValueOrDefault(slug);
                seen[slug] = count + 1;
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            foreach (Match id in HtmlId().Matches(line))
            {
                anchors.Add(id.Groups["id"].Value);
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: inline markup dropped, lower case, punctuation removed, spaces to hyphens.</summary>
    public static string Slug(string headingText)
    {
        var text = InlineLink().Replace(headingText, m => m.Groups["text"].Value).Replace("`", string.Empty, StringComparison.Ordinal);
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    /// <summary>The lines of one section: from the <c>## title</c> heading to the next heading of level 2 or above.</summary>
    public IReadOnlyList<string> Section(string title)
    {
        var start = Array.FindIndex(Lines, l => l.TrimEnd() == $"## {title}");
        if (start < 0)
        {
            return [];
        }

        var end = Array.FindIndex(Lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("# ", StringComparison.Ordinal));
        return Lines[(start + 1)..(end < 0 ? Lines.Length : end)];
    }

    /// <summary>The commands in a section's fenced code blocks: one per line, comments and blank lines left out.</summary>
    public static IReadOnlyList<string> CodeBlockCommands(IReadOnlyList<string> section)
    {
        var commands = new List<string>();
        var inCode = false;
        foreach (var raw in section)
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode && line.Length > 0 && !line.StartsWith('#'))
            {
                var comment = line.IndexOf(" #", StringComparison.Ordinal);
                commands.Add((comment < 0 ? line : line[..comment]).Trim());
            }
        }

        return commands;
    }

    /// <summary>Lines with their 1-based numbers; fenced code left out, inline code spans blanked unless <paramref name="keepCode"/>.</summary>
    private IEnumerable<(string Line, int Number)> ProseLines(bool keepCode = false)
    {
        var fence = (string?)null;
        for (var i = 0; i < Lines.Length; i++)
        {
            var trimmed = Lines[i].TrimStart();
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
            if (marker is not null && (fence is null || fence == marker))
            {
                fence = fence is null ? marker : null;
                continue;
            }

            if (fence is null)
            {
                yield return (keepCode ? Lines[i] : CodeSpan().Replace(Lines[i], string.Empty), i + 1);
            }
        }
    }

    private static string StripTitle(string target)
    {
        var trimmed = target.Trim();
        if (trimmed.StartsWith('<') && trimmed.Contains('>', StringComparison.Ordinal))
        {
            return trimmed[1..trimmed.IndexOf('>', StringComparison.Ordinal)];
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? trimmed : trimmed[..space];
    }

    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?<target>[^()\s]*(?:\([^()]*\)[^()\s]*)*(?:\s+""[^""]*"")?)\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<(?:a|img)\b[^>]*\b(?:href|src)\s*=\s*""(?<target>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"<[a-z]+\b[^>]*\b(?:id|name)\s*=\s*""(?<id>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlId();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex("`+[^`]*`+")]
    private static partial Regex CodeSpan();
}
