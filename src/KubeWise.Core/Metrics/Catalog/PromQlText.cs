using System.Text;
using System.Text.RegularExpressions;

namespace KubeWise.Core.Metrics.Catalog;

/// <summary>
/// Just enough PromQL reading to validate a query from outside (configuration, the language model) and to list the
/// metric names it reads. It is not a parser: Prometheus has the last word when the query runs.
/// </summary>
public static partial class PromQlText
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2",
        "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
    };

    /// <summary>Problems that make the text unusable as a query: empty, too long, unbalanced brackets or quotes.</summary>
    public static IReadOnlyList<string> Problems(string? expression, int maxLength = 4000)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return ["the query is empty"];
        }

        var problems = new List<string>();
        if (expression.Length > maxLength)
        {
            problems.Add($"the query is {expression.Length} characters long; at most {maxLength} are accepted");
        }

        var stack = new Stack<char>();
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is { } q)
            {
                if (c == '\\' && q != '`')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    stack.Push(c);
                    break;
                case ')' or ']' or '}':
                    var open = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (stack.Count == 0 || stack.Pop() != open)
                    {
                        problems.Add($"unbalanced '{c}' at position {i + 1}");
                        return problems;
                    }

                    break;
            }
        }

        if (quote is not null)
        {
            problems.Add("a string is not closed");
        }
        else if (stack.Count > 0)
        {
            problems.Add($"'{stack.Peek()}' is not closed");
        }

        return problems;
    }

    /// <summary>Metric names the query selects: identifiers that are not functions, keywords, label lists or label matchers.</summary>
    public static IReadOnlyList<string> MetricNames(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = StringLiteral().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = LabelList().Replace(text, " ");
        var names = new List<string>();
        foreach (Match match in Identifier().Matches(text))
        {
            var name = match.Value;
            var rest = text.AsSpan(match.Index + match.Length).TrimStart();
            if (Keywords.Contains(name) || (rest.Length > 0 && rest[0] == '(') || names.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>True for a valid metric name.</summary>
    public static bool IsMetricName(string name) => MetricName().IsMatch(name);

    [GeneratedRegex("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelList();

    [GeneratedRegex(@"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w.])")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();
}
