using k8s.Models;

namespace KubeWise.Core.Remediation.Execution;

/// <summary>Evaluates a <c>LabelSelector</c> as the API server does; an empty selector matches everything.</summary>
public static class LabelSelectorMatch
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        if (selector.MatchLabels?.Any(p => !labels.TryGetValue(p.Key, out var v) || v != p.Value) == true)
        {
            return false;
        }

        return selector.MatchExpressions?.All(e =>
        {
            var has = labels.TryGetValue(e.Key, out var value);
            var values = e.Values ?? [];
            return e.OperatorProperty switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
        }) ?? true;
    }
}
