using Microsoft.Extensions.Options;

namespace KubeWise.Core.Remediation.Catalog;

/// <summary>Refuses start-up when a user-defined operation is unsafe or unclear, listing every problem at once.</summary>
public sealed class RemediationCatalogOptionsValidator : IValidateOptions<RemediationCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, RemediationCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new HashSet<string>(RemediationCatalog.BuiltIn.Select(o => o.Name), StringComparer.Ordinal);
        foreach (var operation in options.CustomOperations)
        {
            if (!seen.Add(operation.Name))
            {
                errors.Add($"custom operation '{operation.Name}' has the name of another operation");
            }

            CustomOperation.TryCreate(operation, out var problems);
            errors.AddRange(problems);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
