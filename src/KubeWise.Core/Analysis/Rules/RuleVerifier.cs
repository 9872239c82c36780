using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KubeWise.Core.Analysis.Rules;

/// <summary>
/// Compares the after-metrics with the entity's baseline: resolved when every anomalous feature that can be
/// compared has recovered. When nothing can be compared it says so and answers "not resolved".
/// </summary>
public sealed class RuleVerifier(IOptions<RuleAnalysisOptions> options, ILogger<RuleVerifier> logger) : IRemediationVerifier
{
    public Task<VerificationResult> VerifyAsync(VerificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tolerance = options.Value.RecoveryTolerance;
        var baseline = request.Facts.BaselineOrEmpty;
        var features = request.Anomaly.OrderedEvidence.Select(e => e.Feature).Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).ToList();
        if (features.Count == 0)
        {
            features = [.. request.After.Values.Keys.Order(StringComparer.Ordinal)];
        }

        var lines = new StringBuilder();
        var compared = 0;
        var recovered = 0;
        foreach (var feature in features)
        {
            var usual = baseline.TryGetValue(feature, out var b) ? b : request.Anomaly.Evidence.FirstOrDefault(e => e.Feature == feature)?.Baseline;
            if (usual is null || !request.After.Values.TryGetValue(feature, out var after))
            {
                continue;
            }

            var anomalous = request.Before.Values.TryGetValue(feature, out var before)
                ? before
                : request.Anomaly.Evidence.FirstOrDefault(e => e.Feature == feature)?.Value ?? after;
            compared++;
            var ok = Recovered(usual.Value, anomalous, after, tolerance, out var how);
            recovered += ok ? 1 : 0;
            lines.Append(CultureInfo.InvariantCulture, $"{feature}: before {anomalous:0.###}, after {after:0.###}, baseline {usual.Value:0.###} → {how}. ");
        }

        VerificationResult result;
        if (compared == 0)
        {
            result = new(false, "No anomalous metric has both a baseline and an after value, so recovery cannot be confirmed.", 0.2, AnalysisBackend.Rules, null, TokenUsage.Zero, null);
        }
        else
        {
            var resolved = recovered == compared;
            var summary = resolved
                ? $"All {compared} anomalous metric(s) are back near the baseline. "
                : $"{compared - recovered} of {compared} anomalous metric(s) have not recovered. ";
            result = new(resolved, (summary + lines.ToString()).Trim(), resolved ? 0.7 : 0.6, AnalysisBackend.Rules, null, TokenUsage.Zero, null);
        }

        AnalysisLog.Verified(logger, request.Anomaly.AnomalyId, AnalysisBackend.Rules, result.Resolved);
        return Task.FromResult(result);
    }

    private static bool Recovered(double baseline, double anomalous, double after, double tolerance, out string how)
    {
        var band = tolerance * Math.Abs(baseline);
        if (Math.Abs(after - baseline) <= band)
        {
            how = "within the baseline band";
            return true;
        }

        var distance = anomalous - baseline;
        if (distance == 0)
        {
            how = "moved away from the baseline";
            return false;
        }

        var share = (anomalous - after) / distance;
        how = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(share, 0):P0} of the way back");
        return share >= 1 - tolerance;
    }
}
