using KubeWise.Core.Analysis;
using KubeWise.Core.Remediation.Catalog;
using KubeWise.Core.Remediation.Policy;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Tests.Analysis;

internal static class Screens
{
    /// <summary>The production screen: built-in catalog, policy with its default guards.</summary>
    public static CatalogPolicyScreen Production()
    {
        var options = Options.Create(new RemediationPolicyOptions());
        return new CatalogPolicyScreen(new RemediationCatalog(), new RemediationPolicy(options, TimeProvider.System), options, TimeProvider.System);
    }
}
