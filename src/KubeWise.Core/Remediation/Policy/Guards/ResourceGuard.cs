using KubeWise.Core.Remediation.Catalog;

namespace KubeWise.Core.Remediation.Policy.Guards;

/// <summary>
/// A request or limit may change by at most <see cref="RemediationPolicyOptions.MaxResourceIncreasePercent"/> up and
/// <see cref="RemediationPolicyOptions.MaxResourceDecreasePercent"/> down from its current value; a value with nothing to
/// compare against becomes a suggestion, and a request may not end up above its limit.
/// </summary>
public sealed class ResourceGuard : IPolicyGuard
{
    public string Name => "resources";

    public IEnumerable<PolicyFinding> Check(PolicyContext context)
    {
        if (context.Command is not SetResourcesCommand command)
        {
            yield break;
        }

        var container = context.Target.Containers.FirstOrDefault(c => c.Name == command.Container);
        if (container is null)
        {
            yield return new(Name, PolicyDecision.Rejected, $"{command.Target} has no container named {command.Container}");
            yield break;
        }

        var options = context.Options;
        foreach (var (field, value) in command.Quantities())
        {
            var current = Current(container, field);
            if (current is null)
            {
                yield return new(Name, PolicyDecision.SuggestionOnly,
                    $"{command.Container} has no {field} today; a person should choose the first value ({value})");
                continue;
            }

            var change = (value.Value - current.Value.Value) / current.Value.Value * 100m;
            if (change > options.MaxResourceIncreasePercent)
            {
                yield return new(Name, PolicyDecision.Rejected,
                    $"{field} of {command.Container} from {current.Value} to {value} is +{change:0}%, above the +{options.MaxResourceIncreasePercent}% bound");
            }
            else if (-change > options.MaxResourceDecreasePercent)
            {
                yield return new(Name, PolicyDecision.Rejected,
                    $"{field} of {command.Container} from {current.Value} to {value} is {change:0}%, beyond the -{options.MaxResourceDecreasePercent}% bound");
            }
        }

        foreach (var resource in new[] { "cpu", "memory" })
        {
            var request = New(command, $"requests.{resource}") ?? Current(container, $"requests.{resource}");
            var limit = New(command, $"limits.{resource}") ?? Current(container, $"limits.{resource}");
            if (request?.Value > limit?.Value)
            {
                yield return new(Name, PolicyDecision.Rejected,
                    $"{resource} request {request} of {command.Container} would be above its limit {limit}");
            }
        }
    }

    private static Quantity? New(SetResourcesCommand command, string field) =>
        command.Quantities().Where(q => q.Field == field).Select(q => (Quantity?)q.Value).FirstOrDefault();

    private static Quantity? Current(ContainerFacts container, string field)
    {
        var parts = field.Split('.');
        var values = parts[0] == "requests" ? container.Requests : container.Limits;
        var kind = parts[1] == "cpu" ? QuantityKind.Cpu : QuantityKind.Memory;
        return values.TryGetValue(parts[1], out var text) && Quantity.TryParse(text, kind, out var quantity, out _) ? quantity : null;
    }
}
